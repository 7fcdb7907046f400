from django.urls import path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("regions", api.RegionViewSet, basename="region")
router.register("priority-areas", api.PriorityAreaViewSet, basename="priority-area")

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="token"),
    *router.urls,
]
