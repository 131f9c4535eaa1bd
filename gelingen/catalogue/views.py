from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from gelingen.accounts.access import AuthenticatedRequest, attach_current_org

from .models import QualityModel, Requirement


@login_required
def model_list(request: AuthenticatedRequest) -> HttpResponse:
    attach_current_org(request)
    models = QualityModel.objects.annotate(
        n_areas=Count("areas", distinct=True),
        n_requirements=Count("requirements", filter=Q(requirements__area__optional=False), distinct=True),
    )
    return render(request, "catalogue/model_list.html", {"models": models})


@login_required
def model_detail(request: AuthenticatedRequest, code: str, version: str) -> HttpResponse:
    """The whole catalogue on one page: areas, specifications, requirements, explanations, examples."""
    attach_current_org(request)
    model = get_object_or_404(QualityModel, code=code, version=version)
    areas = model.areas.prefetch_related(
        "specifications",
        Prefetch(
            "requirements",
            queryset=Requirement.objects.order_by("position").prefetch_related("evidence_examples"),
        ),
    ).order_by("number")
    return render(request, "catalogue/model_detail.html", {"model": model, "areas": areas})
