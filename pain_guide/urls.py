from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("pain_guide.core.urls")),
    path("guide/", include("pain_guide.guide.urls")),
    path("library/", include("pain_guide.library.urls")),
    path("feedback/", include("pain_guide.feedback.urls")),
    path("", include("pain_guide.sharing.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler400 = "pain_guide.core.views.bad_request"
handler403 = "pain_guide.core.views.permission_denied"
handler404 = "pain_guide.core.views.page_not_found"
handler500 = "pain_guide.core.views.server_error"
