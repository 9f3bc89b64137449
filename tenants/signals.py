from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .hosts import clear_domain_cache
from .middleware import clear_host_cache
from .models import Domain, Municipality


@receiver([post_save, post_delete], sender=Municipality)
@receiver([post_save, post_delete], sender=Domain)
def municipality_changed(**kwargs):
    clear_host_cache()
    clear_domain_cache()
