"""Demo ideas for the Terjola cycle: the usual categories and ideas from its villages."""

from decimal import Decimal

from django.db import transaction
from django.urls import reverse

from record import services as record

from .models import Category, Idea, IdeaChannel, IdeaStatus, ScreeningReason

CATEGORIES = [
    ("roads-lighting", "გზები და გარე განათება", "Roads and lighting"),
    ("water", "წყალმომარაგება", "Water"),
    ("public-spaces-parks", "საჯარო სივრცეები და პარკები", "Public spaces and parks"),
    ("sport-youth", "სპორტი და ახალგაზრდობა", "Sport and youth"),
    ("culture", "კულტურა", "Culture"),
    ("social-services", "სოციალური სერვისები", "Social services"),
    ("environment", "გარემოს დაცვა", "Environment"),
    ("e-services-internet", "ელექტრონული სერვისები და ინტერნეტი", "E-services and internet access"),
]

# (title, category, community, cost, summary, beneficiaries, channel, status, reason, note,
#  point or None)
IDEAS = [
    (
        "ჩხარის ცენტრალური ქუჩის გარე განათება",
        "roads-lighting",
        "chkhari",
        "18500.00",
        "ცენტრალურ ქუჩაზე, სკოლიდან ეკლესიამდე, 24 LED სანათის დამონტაჟება, რომ ზამთრის "
        "საღამოებში ბავშვები და მოხუცები უსაფრთხოდ დადიოდნენ.",
        "ჩხარის 600-მდე მცხოვრები, განსაკუთრებით სკოლის მოსწავლეები",
        IdeaChannel.WEB,
        IdeaStatus.ELIGIBLE,
        "",
        "",
        ("42.172400", "42.757300"),
    ),
    (
        "გოდოგნის წყაროს კაპტაჟის აღდგენა",
        "water",
        "godogani",
        "12000.00",
        "სოფლის ძველი წყაროს კაპტაჟის გაწმენდა და მილსადენის შეცვლა ზედა უბნამდე, სადაც "
        "ზაფხულში წყალი არ მიდის.",
        "ზედა უბნის 45 ოჯახი",
        IdeaChannel.PAPER,
        IdeaStatus.ELIGIBLE,
        "",
        "",
        None,
    ),
    (
        "სპორტული მოედანი წიფაში",
        "sport-youth",
        "tsipa",
        "35000.00",
        "სკოლის ეზოში მინი-ფეხბურთისა და კალათბურთის მოედნის მოწყობა რეზინის საფარით და ღობით.",
        "წიფისა და მეზობელი სოფლების ახალგაზრდები",
        IdeaChannel.WEB,
        IdeaStatus.SUBMITTED,
        "",
        "",
        ("42.096100", "42.845200"),
    ),
    (
        "ბავშვთა სათამაშო მოედანი თერჯოლის პარკში",
        "public-spaces-parks",
        "terjola-town",
        "22000.00",
        "ცენტრალურ პარკში უსაფრთხო სათამაშო მოედანი საქანელებით, სასრიალოთი და ჩრდილით "
        "მშობლებისთვის.",
        "ქალაქის ოჯახები მცირეწლოვანი ბავშვებით",
        IdeaChannel.WEB,
        IdeaStatus.SUBMITTED,
        "",
        "",
        ("42.189600", "42.971200"),
    ),
    (
        "ნახშირღელის კლუბის სახურავის შეკეთება",
        "culture",
        "nakhshirghele",
        "15000.00",
        "სოფლის კლუბის დამპალი სახურავის შეცვლა, რომ ფოლკლორულმა ანსამბლმა ზამთარშიც "
        "შეძლოს რეპეტიცია.",
        "სოფლის ანსამბლი და ყველა, ვინც კლუბში იკრიბება",
        IdeaChannel.PAPER,
        IdeaStatus.SUBMITTED,
        "",
        "",
        None,
    ),
    (
        "კერძო ეზოში ღობის აშენება",
        "public-spaces-parks",
        "rupoti",
        "6000.00",
        "ჩემი ეზოს გარშემო ახალი ღობის აშენება, რადგან ძველი ჩამოინგრა.",
        "ერთი ოჯახი",
        IdeaChannel.WEB,
        IdeaStatus.INELIGIBLE,
        ScreeningReason.PRIVATE_LAND,
        "პროექტი კერძო საკუთრებაზეა და საზოგადოებრივ სარგებელს არ ქმნის.",
        None,
    ),
    (
        "უფასო Wi-Fi ზედა სიმონეთის ამბულატორიასთან",
        "e-services-internet",
        "zeda-simoneti",
        "7500.00",
        "ამბულატორიისა და ბიბლიოთეკის წინ საჯარო Wi-Fi წერტილი, რომ მცხოვრებლებმა "
        "ელექტრონული სერვისებით ისარგებლონ.",
        "სოფლის 900 მცხოვრები, სტუდენტები და ხანდაზმულები",
        IdeaChannel.WEB,
        IdeaStatus.SUBMITTED,
        "",
        "",
        None,
    ),
    (
        "ხანდაზმულთა დღის ცენტრი რუფოთში",
        "social-services",
        "rupoti",
        "28000.00",
        "ძველი ადმინისტრაციული შენობის ერთი ოთახის გარემონტება ხანდაზმულთა შეხვედრებისა და "
        "ცხელი კვებისთვის.",
        "რუფოთისა და მიმდებარე სოფლების 120-მდე ხანდაზმული",
        IdeaChannel.PAPER,
        IdeaStatus.SUBMITTED,
        "",
        "",
        None,
    ),
]


# paper forms: who handed them in (the last one is the demo resident2's phone, so the
# "claim my paper ideas" page has something to claim)
PAPER_AUTHORS = [
    ("ლამარა კვარაცხელია", "+995599000101"),
    ("ზურაბ მაჭავარიანი", "+995599000102"),
    ("მარიამ ჩხეიძე", "+995555000003"),
]


def seed(demo):
    cycle = demo["cycle"]
    terjola = demo["terjola"]
    communities = {c.slug: c for c in terjola.communities.all()}
    categories = {}
    for slug, ka, en in CATEGORIES:
        categories[slug], _ = Category.objects.update_or_create(
            cycle=cycle, slug=slug, defaults={"name_ka": ka, "name_en": en}
        )
    authors = [demo["resident"], demo["resident2"]]
    organizer = demo["organizer"]
    created = web = paper = 0
    with transaction.atomic():
        for title, cat, village, cost, summary, who, channel, status, reason, note, point in IDEAS:
            if Idea.objects.filter(cycle=cycle, title=title).exists():
                continue  # idempotent: the title identifies a demo idea
            on_paper = channel == IdeaChannel.PAPER
            name, phone = PAPER_AUTHORS[paper % len(PAPER_AUTHORS)] if on_paper else ("", "")
            idea = Idea.objects.create(
                cycle=cycle,
                author=None if on_paper else authors[web % len(authors)],
                channel=channel,
                title=title,
                summary=summary,
                category=categories[cat],
                community=communities.get(village),
                estimated_cost=Decimal(cost),
                beneficiaries=who,
                latitude=Decimal(point[0]) if point else None,
                longitude=Decimal(point[1]) if point else None,
                status=status,
                screening_reason=reason,
                screening_note=note,
                paper_author_name=name,
                paper_author_phone=phone,
                entered_by=organizer if on_paper else None,
            )
            paper, web = paper + on_paper, web + (not on_paper)
            if on_paper:
                record.log(cycle=cycle, actor=organizer, action="paper_idea_entered", obj=idea)
            if status != IdeaStatus.SUBMITTED:
                Idea.objects.filter(pk=idea.pk).update(
                    screened_by=organizer, screened_at=idea.created_at
                )
                record.log(
                    cycle=cycle,
                    actor=organizer,
                    action="idea_screened",
                    obj=idea,
                    reason=note,
                    data={"decision": status, "reason": reason},
                )
            created += 1
    demo["ideas_categories"] = categories
    demo["log"].append(
        f"ideas: {len(categories)} categories, {created} new ideas — "
        + reverse("ideas:list", args=[cycle.pk])
    )
