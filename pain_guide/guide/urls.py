from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("", views.start, name="start"),
    path("start-again/", views.start_again, name="start-again"),
    path("check-your-answers/", views.check, name="check"),
    path("result/", views.result, name="result"),
    path("get-help-now/", views.emergency, name="emergency"),
    path("see-a-doctor-today/", views.urgent, name="urgent"),
    path("under-18/", views.under_18, name="under-18"),
    path("<slug:slug>/", views.step, name="step"),
]
