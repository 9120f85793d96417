from django.contrib import admin

from .models import PageFeedback


@admin.register(PageFeedback)
class PageFeedbackAdmin(admin.ModelAdmin):
    list_display = ("created_at", "page", "helpful", "comment")
    list_filter = ("helpful", "created_at", "page")
    search_fields = ("page", "comment")
    date_hierarchy = "created_at"
    readonly_fields = ("page", "helpful", "comment", "created_at")

    def has_add_permission(self, request):
        return False
