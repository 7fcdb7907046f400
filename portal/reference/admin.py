from django.contrib import admin

from portal.admin import ViewOnlyAdminMixin

from .models import ExtraHoliday, MciRate, PriorityArea, Region, Sequence


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "name_kk", "name_en", "code", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["name_ru", "name_kk", "name_en", "code"]
    ordering = ["order", "code"]


@admin.register(PriorityArea)
class PriorityAreaAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "name_kk", "name_en", "code", "order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_ru", "name_kk", "name_en", "code"]
    ordering = ["order", "code"]


@admin.register(MciRate)
class MciRateAdmin(admin.ModelAdmin):
    list_display = ["year", "amount"]
    search_fields = ["year"]


@admin.register(ExtraHoliday)
class ExtraHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_day_off", "note"]
    list_filter = ["is_day_off"]
    search_fields = ["note"]
    date_hierarchy = "date"


@admin.register(Sequence)
class SequenceAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """Counters behind public references: editing one by hand would issue duplicate numbers."""

    list_display = ["key", "value"]
    search_fields = ["key"]
