"""Background work of reports: blurring photos (in the municipality's schema)."""

from platform_core.tasks import tenant_task


@tenant_task
def blur_photo(photo_id: int) -> None:
    from .services import photo_blur

    photo_blur(photo_id=photo_id)
