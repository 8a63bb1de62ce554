"""The one task the queue knows: run the job with this id. Everything else about a job is in its row."""

from __future__ import annotations

from django_tasks import TaskContext, task


@task(takes_context=True)
def execute(context: TaskContext, job_id: int) -> None:
    from thidua.jobs.services import run_job

    result = context.task_result
    run_job(job_id=job_id, task_id=str(result.id), worker_id=(result.worker_ids or [""])[-1])
