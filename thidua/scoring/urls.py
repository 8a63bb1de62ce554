from django.urls import path

from thidua.scoring import views

app_name = "scoring"
urlpatterns = [
    path("<int:pk>/<int:year>/", views.overview, name="overview"),
    path("<int:pk>/<int:year>/ranking/", views.ranking, name="ranking"),
    path("<int:pk>/<int:year>/ranking.<str:fmt>", views.ranking_download, name="ranking_download"),
    path("<int:pk>/<int:year>/score-table.xlsx", views.score_table_xlsx, name="score_table_xlsx"),
    path("covenants/<int:covenant_pk>/covenant.<str:fmt>", views.covenant_download, name="covenant_download"),
    path("<int:pk>/<int:year>/do/<str:action>/", views.year_action, name="year_action"),
    path("tables/<int:table_pk>/", views.table, name="table"),
    path("tables/<int:table_pk>/do/<str:action>/", views.table_action, name="table_action"),
    path(
        "tables/<int:table_pk>/criteria/<int:criterion_pk>/edit/", views.criterion_edit, name="criterion_edit"
    ),
    path("cards/<int:card_pk>/", views.scorecard, name="scorecard"),
    path("cards/<int:card_pk>/score/<int:criterion_pk>/", views.score, name="score"),
    path("cards/<int:card_pk>/do/<str:action>/", views.card_action, name="card_action"),
    path("cards/<int:card_pk>/scorecard.xlsx", views.scorecard_xlsx, name="scorecard_xlsx"),
    path("cards/<int:card_pk>/scorecard.pdf", views.scorecard_pdf, name="scorecard_pdf"),
    path("evidence/<int:evidence_pk>/", views.evidence_file, name="evidence"),
    path("evidence/<int:evidence_pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("evidence/<int:evidence_pk>/replace/", views.evidence_replace, name="evidence_replace"),
    path("reviews/<int:review_pk>/", views.review, name="review"),
    path("reviews/<int:review_pk>/save/", views.review_score, name="review_score"),
]
