from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from pain_guide.core import views as core_views

# Health checks and the admin (for editors, in English) have one address each.
urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path(settings.ADMIN_URL, admin.site.urls),
    # Record systems link here by code (HL7 Infobutton); the language is a parameter, and the
    # pages it leads to carry it in their address (docs/adr/0015).
    path("connect/", include("pain_guide.connect.urls")),
    path("api/v1/", include("pain_guide.api.urls")),  # one address for every language
]
# Every page a patient or clinician sees: English at today's addresses, Spanish under /es/
# (docs/adr/0014). Share links, result links and QR codes carry the language in the address.
urlpatterns += i18n_patterns(
    path("", include("pain_guide.core.urls")),
    path("guide/", include("pain_guide.guide.urls")),
    path("library/", include("pain_guide.library.urls")),
    path("feedback/", include("pain_guide.feedback.urls")),
    path("", include("pain_guide.sharing.urls")),
    prefix_default_language=False,
)

handler400 = "pain_guide.core.views.bad_request"
handler403 = "pain_guide.core.views.permission_denied"
handler404 = "pain_guide.core.views.page_not_found"
handler500 = "pain_guide.core.views.server_error"
