from django.contrib import admin

from .models import ResultLink, ShareLink


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ("code", "created_at", "include_guide", "include_comparison", "region")
    list_filter = ("created_at", "region")
    readonly_fields = ("code", "created_at")


@admin.register(ResultLink)
class ResultLinkAdmin(admin.ModelAdmin):
    """Only codes and dates are listed: the answers are the person's, not ours to browse."""

    list_display = ("code", "created_at", "expires_at")
    list_filter = ("expires_at",)
    fields = ("code", "created_at", "expires_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
