from django.contrib import admin

from kernel.territory.models import District, Region, RuralDistrict


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["kato", "name_kk", "name_ru", "receives_migrants"]
    list_filter = ["receives_migrants"]
    search_fields = ["kato", "name_kk", "name_ru"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["kato", "name_kk", "name_ru", "region", "assigned_for_settlement"]
    list_filter = ["region", "assigned_for_settlement"]
    list_select_related = ["region"]
    search_fields = ["kato", "name_kk", "name_ru"]
    readonly_fields = ["assigned_for_settlement"]


@admin.register(RuralDistrict)
class RuralDistrictAdmin(admin.ModelAdmin):
    list_display = ["kato", "name_kk", "name_ru", "district"]
    list_filter = ["district__region"]
    list_select_related = ["district"]
    search_fields = ["kato", "name_kk", "name_ru"]
