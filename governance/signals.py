"""Sign-in bookkeeping.

Django records ``last_login`` with ``user.save()``, which would add a history row to the user at
every sign-in. A sign-in is not a change to the person's record, so it is written with a plain
update instead.
"""

from typing import Any

from django.contrib.auth import user_logged_in
from django.contrib.auth.models import update_last_login
from django.dispatch import receiver
from django.utils import timezone

user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")


@receiver(user_logged_in, dispatch_uid="governance_record_sign_in")
def record_sign_in(sender: Any, user: Any, **kwargs: Any) -> None:
    now = timezone.now()
    type(user)._default_manager.filter(pk=user.pk).update(last_login=now)
    user.last_login = now
