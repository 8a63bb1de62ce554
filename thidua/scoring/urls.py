from django.urls import path

from thidua.scoring import views

app_name = "scoring"
urlpatterns = [
    path("<int:pk>/<int:year>/", views.overview, name="overview"),
    path("<int:pk>/<int:year>/ranking/", views.ranking, name="ranking"),
    path("<int:pk>/<int:year>/ranking.<str:fmt>", views.ranking_download, name="ranking_download"),
    path("<int:pk>/<int:year>/score-table.xlsx", views.score_table_xlsx, name="score_table_xlsx"),
    path("covenants/<int:covenant_pk>/covenant.<str:fmt>", views.covenant_download, name="covenant_download"),
    # The steps of the year, one URL per verb (views/steps.py).
    path("<int:pk>/<int:year>/tables/new/", views.table_create, name="table_create"),
    path("<int:pk>/<int:year>/tables/copy/", views.table_copy, name="table_copy"),
    path("<int:pk>/<int:year>/movements/new/", views.movement_add, name="movement_add"),
    path("<int:pk>/<int:year>/registration/", views.registration_save, name="registration_save"),
    path("<int:pk>/<int:year>/covenant/new/", views.covenant_create, name="covenant_create"),
    path("<int:pk>/<int:year>/covenant/amend/", views.covenant_amend, name="covenant_amend"),
    path("<int:pk>/<int:year>/covenant/open/", views.covenant_open, name="covenant_open"),
    path("<int:pk>/<int:year>/covenant/sign/", views.covenant_sign, name="covenant_sign"),
    path("<int:pk>/<int:year>/rules/", views.rules_save, name="rules_save"),
    path("<int:pk>/<int:year>/scorecards/open/", views.scorecards_open, name="scorecards_open"),
    path("<int:pk>/<int:year>/reviews/assign/", views.reviewer_assign, name="reviewer_assign"),
    path("<int:pk>/<int:year>/ranking/publish/", views.ranking_publish, name="ranking_publish"),
    path("tables/<int:table_pk>/", views.table, name="table"),
    path("tables/<int:table_pk>/freeze/", views.table_freeze, name="table_freeze"),
    path("tables/<int:table_pk>/amend/", views.table_amend, name="table_amend"),
    path(
        "tables/<int:table_pk>/criteria/<int:criterion_pk>/remove/",
        views.criterion_remove,
        name="criterion_remove",
    ),
    path(
        "tables/<int:table_pk>/criteria/<int:criterion_pk>/targets/",
        views.criterion_targets,
        name="criterion_targets",
    ),
    path(
        "tables/<int:table_pk>/criteria/<int:criterion_pk>/edit/", views.criterion_edit, name="criterion_edit"
    ),
    path("cards/<int:card_pk>/", views.scorecard, name="scorecard"),
    path("cards/<int:card_pk>/score/<int:criterion_pk>/", views.score, name="score"),
    path("cards/<int:card_pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("cards/<int:card_pk>/import/", views.scorecard_import, name="scorecard_import"),
    path("cards/<int:card_pk>/explain/", views.explanation_add, name="explanation_add"),
    path("cards/<int:card_pk>/submit/", views.scorecard_submit, name="scorecard_submit"),
    path("cards/<int:card_pk>/adjust/", views.adjustment_add, name="adjustment_add"),
    path("cards/<int:card_pk>/verify/", views.review_as_leader, name="review_as_leader"),
    path("cards/<int:card_pk>/scorecard.xlsx", views.scorecard_xlsx, name="scorecard_xlsx"),
    path("cards/<int:card_pk>/scorecard.pdf", views.scorecard_pdf, name="scorecard_pdf"),
    path("evidence/<int:evidence_pk>/", views.evidence_file, name="evidence"),
    path("evidence/<int:evidence_pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("evidence/<int:evidence_pk>/replace/", views.evidence_replace, name="evidence_replace"),
    path("reviews/<int:review_pk>/", views.review, name="review"),
    path("reviews/<int:review_pk>/save/", views.review_score, name="review_score"),
]
