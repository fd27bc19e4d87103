from django.contrib import admin

from .models import DataSource, Export


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    list_display = ("name", "source_type", "source_id", "created_at")


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    list_display = ("hud_id", "direction", "data_source", "export_date", "csv_version", "created_by")
    list_filter = ("direction",)
