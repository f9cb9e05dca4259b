"""One demo user per role. Every demo login shares one password, printed by seed_demo."""

from datetime import date

from .models import Role, User

PASSWORD = "demo-pass-2026"

USERS = [
    # key, email, name, municipality, phone, extra
    (
        "admin",
        "admin@civicbudget.demo",
        "ადმინისტრატორი",
        "terjola",
        None,
        {"is_staff": True, "is_superuser": True},
    ),
    ("organizer", "organizer@terjola.demo", "ნინო ბერიძე", "terjola", "+995555000001", {}),
    ("resident", "resident@terjola.demo", "გიორგი კაპანაძე", "terjola", "+995555000002", {}),
    ("resident2", "resident2@terjola.demo", "მარიამ ჩხეიძე", "terjola", "+995555000003", {}),
    ("juror1", "juror1@terjola.demo", "თამარ ლომიძე", "terjola", "+995555000011", {}),
    ("juror2", "juror2@terjola.demo", "დავით გოგიჩაიშვილი", "terjola", "+995555000012", {}),
    ("juror3", "juror3@terjola.demo", "ეკა წიკლაური", "terjola", "+995555000013", {}),
    ("outsider", "resident@vani.demo", "ლევან ჯაფარიძე", "vani", "+995555000021", {}),
    ("vani_organizer", "organizer@vani.demo", "ანა ქავთარაძე", "vani", "+995555000022", {}),
]


def seed(demo):
    for key, email, name, muni, phone, extra in USERS:
        municipality = demo[muni]
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=PASSWORD,
                name=name,
                phone=phone,
                phone_verified=True,
                municipality=municipality,
                community=municipality.communities.first(),
                birth_date=date(1990, 5, 17),
                **extra,
            )
        demo[key] = user
    for key, muni in (("organizer", "terjola"), ("vani_organizer", "vani")):
        Role.objects.get_or_create(
            user=demo[key], kind=Role.Kind.ORGANIZER, municipality=demo[muni]
        )
    demo["log"].append(f"password for every demo login: {PASSWORD}")
    for key, email, *_ in USERS:
        demo["log"].append(f"  {key:15} {email}")
