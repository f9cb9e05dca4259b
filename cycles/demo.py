"""Demo data: western-Georgian municipalities with their communities, and a Terjola cycle."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from .models import Community, Cycle, Municipality
from .phases import Phase

MUNICIPALITIES = [
    (
        "terjola",
        "თერჯოლა",
        "Terjola",
        "იმერეთი",
        "Imereti",
        [
            ("terjola-town", "თერჯოლა (ქალაქი)", "Terjola (town)"),
            ("zeda-simoneti", "ზედა სიმონეთი", "Zeda Simoneti"),
            ("nakhshirghele", "ნახშირღელე", "Nakhshirghele"),
            ("chkhari", "ჩხარი", "Chkhari"),
            ("godogani", "გოდოგანი", "Godogani"),
            ("rupoti", "რუფოთი", "Rupoti"),
            ("tsipa", "წიფა", "Tsipa"),
        ],
    ),
    (
        "baghdati",
        "ბაღდათი",
        "Baghdati",
        "იმერეთი",
        "Imereti",
        [
            ("baghdati-town", "ბაღდათი (ქალაქი)", "Baghdati (town)"),
            ("obcha", "ობჩა", "Obcha"),
            ("dimi", "დიმი", "Dimi"),
            ("rokiti", "როკითი", "Rokiti"),
            ("vartsikhe", "ვარციხე", "Vartsikhe"),
        ],
    ),
    (
        "khoni",
        "ხონი",
        "Khoni",
        "იმერეთი",
        "Imereti",
        [
            ("khoni-town", "ხონი (ქალაქი)", "Khoni (town)"),
            ("kutiri", "ქუტირი", "Kutiri"),
            ("gordi", "გორდი", "Gordi"),
            ("ivandidi", "ივანდიდი", "Ivandidi"),
            ("matkhoji", "მათხოჯი", "Matkhoji"),
        ],
    ),
    (
        "vani",
        "ვანი",
        "Vani",
        "იმერეთი",
        "Imereti",
        [
            ("vani-town", "ვანი (ქალაქი)", "Vani (town)"),
            ("zeindari", "ზეინდარი", "Zeindari"),
            ("amaghleba", "ამაღლება", "Amaghleba"),
            ("salkhino", "სალხინო", "Salkhino"),
            ("bzvani", "ბზვანი", "Bzvani"),
        ],
    ),
    (
        "lanchkhuti",
        "ლანჩხუთი",
        "Lanchkhuti",
        "გურია",
        "Guria",
        [
            ("lanchkhuti-town", "ლანჩხუთი (ქალაქი)", "Lanchkhuti (town)"),
            ("supsa", "სუფსა", "Supsa"),
            ("nigoiti", "ნიგოითი", "Nigoiti"),
            ("chochkhati", "ჩოჩხათი", "Chochkhati"),
            ("shukhuti", "შუხუთი", "Shukhuti"),
        ],
    ),
]


def seed(demo):
    for slug, ka, en, region_ka, region_en, communities in MUNICIPALITIES:
        m, _ = Municipality.objects.update_or_create(
            slug=slug,
            defaults={"name_ka": ka, "name_en": en, "region_ka": region_ka, "region_en": region_en},
        )
        for c_slug, c_ka, c_en in communities:
            Community.objects.update_or_create(
                municipality=m, slug=c_slug, defaults={"name_ka": c_ka, "name_en": c_en}
            )
        demo[slug] = m

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    year = now.year
    cycle, created = Cycle.objects.get_or_create(
        municipality=demo["terjola"],
        year=year,
        defaults={
            "title_ka": f"თერჯოლის სამოქალაქო ბიუჯეტი {year}",
            "title_en": f"Terjola Civic Budget {year}",
            "description_ka": "მოიფიქრე, რა სჭირდება შენს სოფელს, ისწავლე პროექტის წერა და "
            "ხმა მიეცი საუკეთესო იდეებს.",
            "description_en": "Propose what your village needs, learn to write a project and "
            "vote for the best ideas.",
            "total_budget": Decimal("300000.00"),
            "min_project_cost": Decimal("5000.00"),
            "max_project_cost": Decimal("60000.00"),
            "phase": Phase.IDEA_SUBMISSION,
            "idea_submission_starts": now - timedelta(days=7),
            "training_starts": now + timedelta(days=21),
            "jury_review_starts": now + timedelta(days=42),
            "voting_starts": now + timedelta(days=56),
            "results_starts": now + timedelta(days=70),
            "implementation_starts": now + timedelta(days=84),
        },
    )
    demo["cycle"] = cycle
    demo["log"].append(f"cycle: {cycle} ({cycle.get_phase_display()}) — /cycles/{cycle.pk}/")
