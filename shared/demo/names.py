"""Word lists for demo people: names by heritage, languages, drinks, interests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NameGroup:
    """Given and family names that go together, and the languages such a customer may prefer."""

    weight: int
    given: tuple[str, ...]
    family: tuple[str, ...]
    # (language, weight): most customers of every group are served in English.
    languages: tuple[tuple[str, int], ...] = (("en", 1),)


NAME_GROUPS: tuple[NameGroup, ...] = (
    NameGroup(
        40,
        ("Olivia", "Oliver", "Amelia", "George", "Isla", "Harry", "Emily", "Jack", "Sophie",
         "Thomas", "Charlotte", "James", "Hannah", "William", "Lucy", "Daniel", "Margaret",
         "Peter", "Susan", "David", "Eleanor", "Michael", "Ruth", "Graham"),
        ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
         "Robinson", "Wright", "Thompson", "Walker", "White", "Hughes", "Edwards", "Green",
         "Hall", "Wood", "Harris", "Clarke", "Cooper", "Turner", "Hill", "Ward"),
    ),
    NameGroup(
        6,
        ("Hamish", "Fiona", "Callum", "Morag", "Ewan", "Ailsa", "Siobhan", "Niamh", "Cormac",
         "Aoife", "Seamus", "Roisin"),
        ("MacDonald", "Campbell", "Stewart", "Fraser", "Murray", "O'Connor", "Byrne",
         "O'Neill", "Kelly", "Doyle", "McLaughlin", "Quinn"),
    ),
    NameGroup(
        6,
        ("Rhys", "Cerys", "Dafydd", "Angharad", "Gethin", "Sioned", "Iwan", "Ffion", "Owain",
         "Nia", "Gareth", "Carys"),
        ("Jones", "Evans", "Pritchard", "Llewellyn", "Morgan", "Griffiths", "Price", "Rees",
         "Powell", "Howells", "Vaughan", "Parry"),
        (("en", 2), ("cy", 1)),
    ),
    NameGroup(
        8,
        ("Priya", "Arjun", "Anjali", "Rohan", "Sunita", "Vikram", "Meera", "Sanjay", "Kavya",
         "Rajesh", "Deepa", "Nikhil"),
        ("Patel", "Sharma", "Shah", "Mistry", "Gupta", "Singh", "Kaur", "Desai", "Joshi",
         "Mehta", "Chauhan", "Bhatt"),
        (("en", 9), ("hi", 1)),
    ),
    NameGroup(
        8,
        ("Ayesha", "Imran", "Fatima", "Bilal", "Zainab", "Mohammed", "Sana", "Tariq", "Amina",
         "Usman", "Hira", "Kamran"),
        ("Khan", "Hussain", "Ahmed", "Iqbal", "Akhtar", "Malik", "Rashid", "Butt", "Chaudhry",
         "Qureshi", "Mahmood", "Aziz"),
        (("en", 3), ("ur", 1)),
    ),
    NameGroup(
        5,
        ("Aisha", "Rahim", "Nasrin", "Shahid", "Rukhsana", "Jamal", "Taslima", "Abdul"),
        ("Begum", "Rahman", "Uddin", "Miah", "Islam", "Choudhury", "Ali", "Hoque"),
        (("en", 3), ("bn", 1)),
    ),
    NameGroup(
        7,
        ("Kwame", "Chiamaka", "Grace", "Oluwaseun", "Ama", "Tunde", "Ngozi", "Kofi", "Abena",
         "Emeka", "Folake", "Yaw"),
        ("Mensah", "Okafor", "Adeyemi", "Owusu", "Boateng", "Okonkwo", "Adebayo", "Asante",
         "Eze", "Appiah", "Obi", "Bello"),
    ),
    NameGroup(
        5,
        ("Marcus", "Shanice", "Andre", "Jasmine", "Tyrone", "Keisha", "Devon", "Simone"),
        ("Campbell", "Francis", "Clarke", "Grant", "Brown", "Thomas", "Henry", "Lewis"),
    ),
    NameGroup(
        6,
        ("Katarzyna", "Piotr", "Agnieszka", "Tomasz", "Magdalena", "Krzysztof", "Joanna",
         "Marek", "Anna", "Pawel", "Ewa", "Jakub"),
        ("Nowak", "Kowalski", "Wiśniewska", "Wójcik", "Kamińska", "Lewandowski", "Zielińska",
         "Szymański", "Dąbrowska", "Kozłowski", "Mazur", "Krawczyk"),
        (("en", 1), ("pl", 1)),
    ),
    NameGroup(
        5,
        ("Wei", "Mei", "Jun", "Xiu Ying", "Hao", "Li Na", "Yong", "Fang", "Jing", "Chen"),
        ("Chen", "Wang", "Zhang", "Liu", "Li", "Huang", "Zhao", "Wu", "Lin", "Yang"),
        (("en", 1), ("zh", 1)),
    ),
    NameGroup(
        3,
        ("Ji-woo", "Min-jun", "Seo-yeon", "Ha-eun", "Do-yun", "Soo-ah"),
        ("Kim", "Park", "Lee", "Choi", "Jung", "Kang"),
        (("en", 1), ("ko", 1)),
    ),
    NameGroup(
        4,
        ("Sofia", "Marco", "Giulia", "Lorenzo", "Ines", "Tiago", "Lucia", "Mateo"),
        ("Rossi", "Bianchi", "Esposito", "Silva", "Santos", "Fernandes", "García", "Romano"),
        (("en", 4), ("it", 1), ("pt", 1), ("es", 1)),
    ),
)

# Given names that people often shorten; the demo sets preferred_name for some of them.
NICKNAMES: dict[str, str] = {
    "Katarzyna": "Kasia",
    "Margaret": "Maggie",
    "Thomas": "Tom",
    "William": "Will",
    "Daniel": "Dan",
    "Michael": "Mike",
    "Oluwaseun": "Seun",
    "Krzysztof": "Krzys",
    "Magdalena": "Magda",
    "Eleanor": "Ellie",
    "Charlotte": "Lottie",
    "Mohammed": "Mo",
}

# (value, weight) for the customer's "drink" preference.
DRINKS: tuple[tuple[str, int], ...] = (
    ("flat white", 6),
    ("oat-milk latte", 5),
    ("peppermint tea", 4),
    ("English breakfast tea, milk no sugar", 6),
    ("water", 5),
    ("black coffee", 3),
    ("green tea", 2),
    ("decaf cappuccino", 2),
    ("hot chocolate", 1),
    ("nothing, thank you", 2),
)

CONTACT_CHANNELS: tuple[tuple[str, int], ...] = (
    ("app", 6),
    ("email", 5),
    ("phone", 3),
    ("sms", 2),
    ("letter", 1),
)

# (value, weight) for the customer's "marketing" preference: consent to offers, 70 % yes
# (shared.insights.offers.features.has_marketing_consent reads it).
MARKETING_CONSENT: tuple[tuple[str, int], ...] = (
    ("yes", 7),
    ("no", 3),
)

INTERESTS: tuple[str, ...] = (
    "mortgage",
    "saving for university",
    "travel",
    "pension",
    "small business",
    "first home",
    "investments",
    "children's savings",
)

ACCESSIBILITY_NEEDS: tuple[str, ...] = (
    "uses a wheelchair",
    "hearing aid: prefers written notes",
    "large print",
    "partially sighted: guide dog",
    "prefers a quiet room",
    "needs extra time; bring a family member",
)

EMAIL_DOMAINS: tuple[str, ...] = ("example.com", "example.co.uk", "example.org", "example.net")

VISIT_PURPOSES: tuple[str, ...] = (
    "asked about a mortgage",
    "paid in cheques",
    "opened a savings account",
    "replacement debit card",
    "ordered travel money",
    "advice on saving for university",
    "pension review",
    "small business account enquiry",
    "updated address",
    "reported a lost card",
    "cash withdrawal at the counter",
    "set up a standing order",
    "",
)

# Notes a relationship manager might write after a visit with that purpose.
NOTE_TEMPLATES: dict[str, tuple[str, ...]] = {
    "asked about a mortgage": (
        "Looking to move within the year; agreed to run an affordability check next visit.",
        "Remortgage due in the spring; sent the fixed-rate options by {channel}.",
    ),
    "opened a savings account": (
        "Opened an easy-access saver; wants to build an emergency fund of three months' pay.",
    ),
    "advice on saving for university": (
        "Two children; talked through a junior ISA. Follow up with the projections.",
    ),
    "pension review": (
        "Reviewed workplace pension; referred to the wealth team for a fuller review.",
    ),
    "small business account enquiry": (
        "Starting a catering business; sent the business account checklist.",
    ),
    "ordered travel money": (
        "Travelling next month; reminded about card abroad and travel notifications.",
    ),
    "reported a lost card": (
        "Card cancelled and reissued; customer was anxious, call back to check it arrived.",
    ),
}
GENERAL_NOTES: tuple[str, ...] = (
    "Prefers to be offered a {drink} on arrival.",
    "Likes to be contacted by {channel}; please avoid calls at work.",
    "Very happy with last visit; mentioned interest in {interest}.",
    "Prefers the same relationship manager where possible.",
)
