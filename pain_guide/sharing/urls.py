from django.urls import path

from . import views

app_name = "sharing"

urlpatterns = [
    path("share/", views.builder, name="builder"),
    path("share/<str:code>/", views.created, name="created"),
    path("share/<str:code>/handout/", views.handout, name="handout"),
    path("s/<str:code>/", views.share, name="share"),
    path("r/new/", views.create_result_link, name="create-result"),
    path("r/<str:code>/", views.result, name="result"),
    path("r/<str:code>/delete/", views.delete_result, name="delete-result"),
]
