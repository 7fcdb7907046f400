from django.db import migrations

REGIONS = [
    # code, kind, kk, ru, en
    ("abai", "oblast", "Абай облысы", "Абайская область", "Abai Region"),
    ("akmola", "oblast", "Ақмола облысы", "Акмолинская область", "Akmola Region"),
    ("aktobe", "oblast", "Ақтөбе облысы", "Актюбинская область", "Aktobe Region"),
    ("almaty-region", "oblast", "Алматы облысы", "Алматинская область", "Almaty Region"),
    ("atyrau", "oblast", "Атырау облысы", "Атырауская область", "Atyrau Region"),
    ("east-kazakhstan", "oblast", "Шығыс Қазақстан облысы", "Восточно-Казахстанская область",
     "East Kazakhstan Region"),
    ("zhambyl", "oblast", "Жамбыл облысы", "Жамбылская область", "Zhambyl Region"),
    ("zhetysu", "oblast", "Жетісу облысы", "Жетысуская область", "Zhetysu Region"),
    ("west-kazakhstan", "oblast", "Батыс Қазақстан облысы", "Западно-Казахстанская область",
     "West Kazakhstan Region"),
    ("karaganda", "oblast", "Қарағанды облысы", "Карагандинская область", "Karaganda Region"),
    ("kostanay", "oblast", "Қостанай облысы", "Костанайская область", "Kostanay Region"),
    ("kyzylorda", "oblast", "Қызылорда облысы", "Кызылординская область", "Kyzylorda Region"),
    ("mangystau", "oblast", "Маңғыстау облысы", "Мангистауская область", "Mangystau Region"),
    ("pavlodar", "oblast", "Павлодар облысы", "Павлодарская область", "Pavlodar Region"),
    ("north-kazakhstan", "oblast", "Солтүстік Қазақстан облысы", "Северо-Казахстанская область",
     "North Kazakhstan Region"),
    ("turkistan", "oblast", "Түркістан облысы", "Туркестанская область", "Turkistan Region"),
    ("ulytau", "oblast", "Ұлытау облысы", "Улытауская область", "Ulytau Region"),
    ("astana", "city", "Астана қаласы", "город Астана", "Astana"),
    ("almaty", "city", "Алматы қаласы", "город Алматы", "Almaty"),
    ("shymkent", "city", "Шымкент қаласы", "город Шымкент", "Shymkent"),
]

PRIORITY_AREAS = [
    ("youth", "Жастар саясатын және балалар бастамаларын қолдау",
     "Поддержка молодежной политики и детских инициатив", "Youth policy and children's initiatives"),
    ("health", "Денсаулық сақтау, салауатты өмір салтын насихаттау",
     "Охрана здоровья граждан, пропаганда здорового образа жизни", "Health and healthy lifestyles"),
    ("social-support", "Әлеуметтік осал топтарды қолдау",
     "Социальная поддержка уязвимых групп населения", "Social support of vulnerable groups"),
    ("disability", "Мүгедектігі бар адамдарды қолдау",
     "Поддержка лиц с инвалидностью", "Support of people with disabilities"),
    ("education", "Білім, ғылым, ақпарат",
     "Образование, наука, информация", "Education, science and information"),
    ("culture", "Мәдениет, өнер және тарихи-мәдени мұраны сақтау",
     "Культура, искусство и сохранение историко-культурного наследия",
     "Culture, arts and cultural heritage"),
    ("environment", "Қоршаған ортаны қорғау", "Охрана окружающей среды", "Environmental protection"),
    ("rights", "Азаматтардың құқықтары мен заңды мүдделерін қорғау",
     "Защита прав и законных интересов граждан", "Protection of citizens' rights"),
    ("civil-society", "Азаматтық қоғамды нығайту және ҮЕҰ-ды дамыту",
     "Укрепление гражданского общества и развитие НПО", "Civil society and NGO development"),
    ("accord", "Этносаралық және конфессияаралық келісімді нығайту",
     "Укрепление межэтнического и межконфессионального согласия",
     "Interethnic and interfaith accord"),
    ("family", "Отбасы, демографиялық және гендерлік саясат",
     "Семейная, демографическая и гендерная политика", "Family, demographic and gender policy"),
    ("rural", "Ауылдық аумақтарды дамыту", "Развитие сельских территорий", "Rural development"),
]

MCI = [(2024, "3692.00"), (2025, "3932.00"), (2026, "4325.00")]


def load(apps, schema_editor):
    Region = apps.get_model("reference", "Region")
    PriorityArea = apps.get_model("reference", "PriorityArea")
    MciRate = apps.get_model("reference", "MciRate")
    for order, (code, kind, kk, ru, en) in enumerate(REGIONS, start=1):
        Region.objects.update_or_create(code=code, defaults={
            "kind": kind, "name_kk": kk, "name_ru": ru, "name_en": en, "order": order})
    for order, (code, kk, ru, en) in enumerate(PRIORITY_AREAS, start=1):
        PriorityArea.objects.update_or_create(code=code, defaults={
            "name_kk": kk, "name_ru": ru, "name_en": en, "order": order})
    for year, amount in MCI:
        MciRate.objects.update_or_create(year=year, defaults={"amount": amount})


def unload(apps, schema_editor):
    apps.get_model("reference", "Region").objects.filter(code__in=[r[0] for r in REGIONS]).delete()
    apps.get_model("reference", "PriorityArea").objects.filter(code__in=[a[0] for a in PRIORITY_AREAS]).delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
