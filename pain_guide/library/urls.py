from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("", views.index, name="index"),
    path("medicines/", views.medicine_list, name="medicines"),
    path("medicines/<slug:slug>/", views.medicine_detail, name="medicine"),
    path("groups/", views.group_list, name="groups"),
    path("groups/<slug:slug>/", views.group_detail, name="group"),
    path("conditions/", views.condition_list, name="conditions"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition"),
    path("questions/", views.question_list, name="questions"),
    path("questions/<slug:slug>/", views.question_detail, name="question"),
    path("compare/", views.comparison, name="comparison"),
    path("search/", views.search, name="search"),
]
