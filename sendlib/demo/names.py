"""Names and short texts for the fictional demo school (sendlib.demo): data only, no logic.

Every person here is invented. Texts may use {name}, {he}, {him}, {his}, {He} and {His}, filled in
with the pupil's known-as name and pronouns.
"""

from __future__ import annotations

from dataclasses import dataclass

# The pools below are kept compact by hand (many items a line): the formatter leaves them be.
# fmt: off

# A surname is a string, or a (male form, female form) pair such as Polish -ski/-ska.
Surname = str | tuple[str, str]


@dataclass(frozen=True)
class Heritage:
    """A family background: children's and adults' forenames, surnames and home languages."""

    key: str
    weight: float
    boys: tuple[str, ...]
    girls: tuple[str, ...]
    surnames: tuple[Surname, ...]
    # The pupil's first language, with weights; English where the family is settled here.
    languages: tuple[tuple[str, float], ...]
    men: tuple[str, ...]
    women: tuple[str, ...]
    # Surnames mothers often keep (e.g. Begum), used instead of the family surname sometimes.
    mothers_own: tuple[str, ...] = ()


HERITAGES = (
    Heritage(
        "english",
        56,
        ("Oliver", "George", "Harry", "Jack", "Alfie", "Charlie", "Frederick", "Noah", "Leo",
         "Arthur", "Theo", "Oscar", "Archie", "Jacob", "Thomas", "Alexander", "William", "Joshua",
         "Samuel", "Benjamin", "Matthew", "Daniel", "James", "Tommy-Lee", "Riley", "Mason",
         "Harrison", "Reuben", "Finley", "Louis"),
        ("Olivia", "Amelia", "Isla", "Ava", "Ivy", "Freya", "Lily", "Florence", "Mia", "Emily",
         "Poppy", "Sophia", "Elizabeth", "Charlotte", "Isabella", "Evie", "Grace", "Zoë", "Renée",
         "Chloé", "Ellie-Mae", "Mollie", "Harper", "Katherine", "Abigail", "Lily-Rose", "Phoebe",
         "Esmé", "Darcie", "Lacey-Jo"),
        ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
         "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood",
         "Jackson", "Clarke", "O'Connor-Smith", "Hughes", "Edwards", "Turner", "Harris-Lee",
         "Fletcher", "Ashworth", "Barnes", "Cooper", "Pearson", "Holloway", "D'Arcy",
         "Featherstone", "Sutcliffe", "Bennett", "Marsh", "Kershaw", "Whitfield"),
        (("English", 1.0),),
        ("Mark", "Paul", "Lee", "Craig", "Darren", "Gareth", "Stuart", "Richard", "Ryan", "Jamie",
         "Chris", "Dean", "Neil", "Adam", "Simon"),
        ("Sarah", "Emma", "Claire", "Laura", "Rebecca", "Gemma", "Kelly", "Lisa", "Nicola",
         "Hayley", "Kirsty", "Jodie", "Amy", "Leanne", "Rachel", "Stacey"),
    ),
    Heritage(
        "irish",
        4,
        ("Seán", "Oisín", "Cian", "Ciarán", "Darragh", "Tadhg", "Conor", "Padraig"),
        ("Aoife", "Siobhán", "Niamh", "Saoirse", "Caoimhe", "Róisín", "Orla", "Aisling"),
        ("O'Connor", "O'Brien", "Murphy", "Byrne", "McCarthy", "Kavanagh", "O'Sullivan", "Doherty",
         "Ó Súilleabháin", "Ní Bhriain"),
        (("English", 1.0),),
        ("Declan", "Kieran", "Brendan", "Fergal", "Liam"),
        ("Siobhán", "Bríd", "Deirdre", "Maeve", "Orla", "Nuala"),
    ),
    Heritage(
        "welsh_scottish",
        2,
        ("Dafydd", "Rhys", "Iwan", "Callum", "Euan", "Lachlan"),
        ("Cerys", "Angharad", "Eilidh", "Catrin", "Mairi", "Seren"),
        ("Llewellyn", "ap Rhys", "MacLeod", "Campbell", "Fraser", "Morgan", "Pritchard",
         "McAllister"),
        (("English", 0.9), ("Welsh", 0.1)),
        ("Gareth", "Alasdair", "Huw", "Iain"),
        ("Bethan", "Fiona", "Sian", "Morag"),
    ),
    Heritage(
        "polish",
        6,
        ("Łukasz", "Jakub", "Szymon", "Kacper", "Mikołaj", "Aleksander", "Filip", "Antoni"),
        ("Wiktoria", "Zofia", "Maja", "Zuzanna", "Małgorzata", "Lena", "Oliwia", "Hanna"),
        ("Nowak", "Wójcik", "Kowalczyk", "Mazur", "Krawczyk", "Kaczmarek",
         ("Kowalski", "Kowalska"), ("Wiśniewski", "Wiśniewska"), ("Lewandowski", "Lewandowska"),
         ("Dąbrowski", "Dąbrowska"), ("Zieliński", "Zielińska"), ("Szymański", "Szymańska")),
        (("Polish", 0.75), ("English", 0.25)),
        ("Tomasz", "Paweł", "Marcin", "Krzysztof", "Piotr", "Michał"),
        ("Katarzyna", "Agnieszka", "Magdalena", "Joanna", "Ewa", "Anna"),
    ),
    Heritage(
        "romanian",
        3,
        ("Andrei", "Ionuț", "Alexandru", "Ștefan", "Mihai", "Darius"),
        ("Ioana", "Maria", "Bianca", "Elena", "Andreea", "Ana-Maria"),
        ("Popescu", "Ionescu", "Constantin", "Stan", "Dumitru", "Munteanu", "Țurcanu",
         "Răducanu"),
        (("Romanian", 0.85), ("English", 0.15)),
        ("Florin", "Marius", "Gheorghe", "Adrian", "Cristian"),
        ("Mihaela", "Alina", "Gabriela", "Daniela", "Loredana"),
    ),
    Heritage(
        "czech_slovak",
        1,
        ("Tomáš", "Jiří", "Matěj", "Lukáš", "Dominik"),
        ("Tereza", "Kateřina", "Natálie", "Veronika", "Adéla"),
        (("Dvořák", "Dvořáková"), ("Novák", "Nováková"), ("Svoboda", "Svobodová"),
         ("Černý", "Černá"), ("Procházka", "Procházková"), ("Horváth", "Horváthová")),
        (("Czech", 0.5), ("Slovak", 0.3), ("English", 0.2)),
        ("Petr", "Martin", "Jan", "Milan"),
        ("Jana", "Lucie", "Petra", "Zuzana"),
    ),
    Heritage(
        "ukrainian",
        1.5,
        ("Oleksandr", "Mykola", "Bohdan", "Artem", "Maksym"),
        ("Anastasiia", "Sofiia", "Yelyzaveta", "Daryna", "Polina"),
        ("Shevchenko", "Kovalenko", "Bondarenko", "Melnyk", "Kravchuk", "Tkachenko"),
        (("Ukrainian", 0.9), ("English", 0.1)),
        ("Andrii", "Serhii", "Volodymyr", "Ihor"),
        ("Olena", "Iryna", "Tetiana", "Nataliia", "Oksana"),
    ),
    Heritage(
        "pakistani",
        6,
        ("Muhammad", "Ayaan", "Ibrahim", "Hamza", "Zain", "Eesa", "Yusuf", "Musa", "Rayyan"),
        ("Aisha", "Zainab", "Maryam", "Hafsa", "Amna", "Inaya", "Khadijah", "Aleena", "Mehreen"),
        ("Khan", "Hussain", "Ahmed", "Akhtar", "Iqbal", "Mahmood", "Shah", "Rashid", "Butt",
         "Malik"),
        (("English", 0.45), ("Urdu", 0.3), ("Punjabi", 0.2), ("Pashto", 0.05)),
        ("Imran", "Asif", "Tariq", "Zahid", "Kamran", "Naveed"),
        ("Nadia", "Shazia", "Rubina", "Samina", "Farah", "Saima"),
        ("Bibi", "Akhtar", "Begum"),
    ),
    Heritage(
        "bangladeshi",
        3,
        ("Muhammad", "Arif", "Tahmid", "Farhan", "Rayan", "Ishaq", "Zakaria"),
        ("Nusrat", "Tasnim", "Sumaiya", "Fatima", "Raisa", "Tanisha", "Jannat"),
        ("Rahman", "Uddin", "Miah", "Islam", "Chowdhury", "Ali", "Hoque", "Ahmed"),
        (("English", 0.45), ("Bengali", 0.45), ("Sylheti", 0.1)),
        ("Abdul", "Shahid", "Mizanur", "Jamal", "Rafiq"),
        ("Rokeya", "Shirin", "Nasima", "Ruksana", "Salma"),
        ("Begum", "Khatun"),
    ),
    Heritage(
        "punjabi_sikh",
        2,
        ("Arjun", "Jaskaran", "Gurveer", "Harvir", "Kabir", "Jasraj"),
        ("Simran", "Jasleen", "Harleen", "Navneet", "Amrit", "Gurleen"),
        (("Singh", "Kaur"), "Gill", "Sandhu", "Dhillon", "Bains", "Johal"),
        (("English", 0.55), ("Punjabi", 0.45)),
        ("Harjit", "Sukhdev", "Manjit", "Rajinder", "Kulwant"),
        ("Harpreet", "Gurpreet", "Manpreet", "Rajvinder", "Sukhjit"),
        ("Kaur",),
    ),
    Heritage(
        "gujarati",
        2,
        ("Rohan", "Dev", "Krish", "Aarav", "Vihaan", "Neel"),
        ("Diya", "Anika", "Priya", "Isha", "Riya", "Kavya"),
        ("Patel", "Mistry", "Parmar", "Chauhan", "Solanki", "Lad"),
        (("English", 0.55), ("Gujarati", 0.45)),
        ("Sanjay", "Nilesh", "Hitesh", "Ketan", "Mehul"),
        ("Nisha", "Hema", "Bhavna", "Jyoti", "Meera"),
    ),
    Heritage(
        "somali",
        2,
        ("Abdirahman", "Mohamed", "Yusuf", "Abdullahi", "Ayub", "Khalid"),
        ("Hodan", "Ayan", "Hamdi", "Fartun", "Ikran", "Sagal"),
        ("Abdi", "Farah", "Hassan", "Mohamed", "Warsame", "Osman", "Jama", "Egal"),
        (("Somali", 0.75), ("English", 0.25)),
        ("Abdikarim", "Hussein", "Ahmed", "Liban"),
        ("Amina", "Fadumo", "Halima", "Sahra", "Deeqa"),
    ),
    Heritage(
        "west_african",
        3.5,
        ("Oluwaseun", "Oluwatobi", "Chidi", "Tobenna", "Kwame", "Kofi", "Emmanuel", "David",
         "Samuel", "Ayomide"),
        ("Adaeze", "Chiamaka", "Temitope", "Ifeoluwa", "Ama", "Abena", "Precious", "Favour",
         "Oluwadamilola", "Esther"),
        ("Okafor", "Adeyemi", "Okonkwo", "Mensah", "Boateng", "Adebayo", "Nwosu", "Owusu-Ansah",
         "Oyelaran", "Eze", "Asante", "Ogunleye"),
        (("English", 0.7), ("Yoruba", 0.15), ("Igbo", 0.08), ("Twi", 0.07)),
        ("Olumide", "Chinedu", "Kwabena", "Emeka", "Babatunde", "Kojo"),
        ("Folake", "Ngozi", "Akosua", "Funmilayo", "Chioma", "Yetunde"),
    ),
    Heritage(
        "caribbean",
        2.5,
        ("Jayden", "Tyrese", "Malachi", "Kemar", "Isaiah", "Elijah", "Marcus"),
        ("Shanice", "Aaliyah", "Imani", "Nia", "Tiana", "Kiara", "Jada"),
        ("Campbell", "Grant", "Francis", "Henry", "Richards", "McKenzie", "Bailey", "Samuels",
         "Christie"),
        (("English", 1.0),),
        ("Delroy", "Winston", "Andre", "Leon", "Carlton"),
        ("Marcia", "Donna", "Sharon", "Paulette", "Keisha"),
    ),
    Heritage(
        "arabic",
        2,
        ("Omar", "Yusuf", "Adam", "Karim", "Zayd", "Muhammad"),
        ("Layla", "Amira", "Noor", "Rania", "Maryam", "Jana"),
        ("Al-Sayed", "Haddad", "Mansour", "Nasser", "Khalil", "Abdelrahman", "El-Masry",
         "Al-Hashimi"),
        (("Arabic", 0.75), ("English", 0.25)),
        ("Ahmad", "Khaled", "Hassan", "Walid", "Samir"),
        ("Huda", "Reem", "Samira", "Lina", "Dalia"),
    ),
    Heritage(
        "vietnamese",
        1,
        ("Minh", "Huy", "Quang", "Bảo", "Đức", "Khoa"),
        ("Linh", "Thảo", "Anh", "Ngọc", "Mai", "Hương"),
        ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Vũ", "Nguyen", "Tran"),
        (("Vietnamese", 0.7), ("English", 0.3)),
        ("Tuấn", "Hùng", "Long", "Thanh"),
        ("Lan", "Hoa", "Thủy", "Phương"),
    ),
    Heritage(
        "portuguese",
        1.5,
        ("João", "Tiago", "Gonçalo", "Rodrigo", "Afonso", "Miguel"),
        ("Inês", "Beatriz", "Leonor", "Mariana", "Lara", "Matilde"),
        ("Silva", "Santos", "Ferreira", "Gonçalves", "Conceição", "Rodrigues", "Pereira",
         "da Costa", "de Sousa"),
        (("Portuguese", 0.8), ("English", 0.2)),
        ("Paulo", "Rui", "Nuno", "Sérgio", "Luís"),
        ("Ana", "Sónia", "Cláudia", "Patrícia", "Fátima"),
    ),
    Heritage(
        "turkish",
        1,
        ("Yiğit", "Çağan", "Emir", "Kerem", "Mustafa"),
        ("Elif", "Zeynep", "Eylül", "Ayşe", "Defne"),
        ("Yılmaz", "Öztürk", "Şahin", "Çelik", "Doğan", "Kaya"),
        (("Turkish", 0.7), ("English", 0.3)),
        ("Mehmet", "Murat", "Serkan", "Hakan"),
        ("Gül", "Şule", "Hatice", "Derya"),
    ),
    Heritage(
        "chinese",
        1,
        ("Ethan", "Zihan", "Haoran", "Jun", "Jason", "Yuxuan"),
        ("Chloe", "Xinyi", "Jia Hui", "Emily", "Ka Yan", "Ruoxi"),
        ("Chen", "Wong", "Li", "Zhang", "Lam", "Cheung", "Liu"),
        (("English", 0.4), ("Cantonese", 0.3), ("Mandarin", 0.3)),
        ("Wei", "Kwok Wai", "Hao", "Ming"),
        ("Mei", "Xiaoling", "Wai Man", "Yan"),
    ),
)

# Legal forename -> the names a child may go by. The first is the most likely.
KNOWN_AS = {
    "Alexander": ("Alex", "Xander"),
    "William": ("Will", "Billy"),
    "Joshua": ("Josh",),
    "Samuel": ("Sam", "Sammy"),
    "Benjamin": ("Ben", "Benji"),
    "Thomas": ("Tom", "Tommy"),
    "James": ("Jamie", "Jim"),
    "Matthew": ("Matty", "Matt"),
    "Daniel": ("Danny", "Dan"),
    "Frederick": ("Freddie", "Fred"),
    "Elizabeth": ("Libby", "Beth", "Lizzie"),
    "Charlotte": ("Lottie", "Charlie"),
    "Isabella": ("Bella", "Izzy"),
    "Katherine": ("Katie", "Kate"),
    "Abigail": ("Abi", "Abbie"),
    "Oluwaseun": ("Seun",),
    "Oluwatobi": ("Tobi",),
    "Oluwadamilola": ("Dami", "Lola"),
    "Ifeoluwa": ("Ife",),
    "Temitope": ("Temi",),
    "Małgorzata": ("Gosia",),
    "Aleksander": ("Olek",),
    "Oleksandr": ("Sasha",),
    "Anastasiia": ("Nastia",),
    "Yelyzaveta": ("Liza",),
    "Abdirahman": ("Abdi",),
    "Abdullahi": ("Abdi",),
    "Muhammad": ("Ayaan", "Zayn", "Hamza", "Mo"),
    "Alexandru": ("Alex",),
    "Ștefan": ("Stefan",),
    "Zihan": ("Ethan",),
    "Yuxuan": ("Jenny",),
    "Jia Hui": ("Jiahui",),
    "Ana-Maria": ("Ana",),
}

# Adults' titles, by relationship; "Mx" is used by a few.
MOTHER_TITLES = (("Mrs", 55), ("Ms", 35), ("Miss", 8), ("Dr", 2))
FATHER_TITLES = (("Mr", 97), ("Dr", 3))

# Surnames and forenames for staff, practitioners and caseworkers (all invented).
STAFF_SURNAMES = (
    "Begum", "Green", "Kowalczyk", "Patel", "Hughes", "Adeyemi", "Reid", "Moore", "Sandhu",
    "Fletcher", "Okoye", "Lewis", "Walsh", "Ahmed", "Dixon", "Chaudhry", "Baxter", "Nolan",
    "Osei", "Price", "Shah", "Marsden", "Kaur", "Bradley", "Costa", "Pike", "Holt", "Mahmood",
    "Rowe", "Quinn", "Akhtar", "Byrne", "Ellison", "Farrell", "Griffiths", "Hanley",
)
# Surnames only women have (e.g. Begum, Kaur): never given to a man.
WOMEN_ONLY_SURNAMES = ("Begum", "Kaur", "Khatun", "Bibi")
STAFF_WOMEN = (
    "Helen", "Amrit", "Rachel", "Joanne", "Samira", "Catherine", "Fiona", "Nadia", "Claire",
    "Ruth", "Yemi", "Lucy", "Hannah", "Gemma", "Alison", "Bushra", "Karen", "Siân", "Beth", "Zara",
)
STAFF_MEN = ("Ian", "Kwame", "Martin", "Imran", "Steven", "Tom", "Paul", "Tariq", "Owen", "Gareth")

# Pupil's profile texts. Keys are the text areas from demo.TEXT_AREA.
STRENGTHS = (
    "Kind and thoughtful, especially with younger children.",
    "Loves drawing and building with Lego; very creative.",
    "A strong visual memory: remembers routes and pictures well.",
    "Very good at football and proud of it.",
    "Curious about animals and knows a lot about dinosaurs.",
    "Works hard when the task is practical.",
    "Funny, and good at making friends laugh.",
    "Good at maths, especially mental arithmetic.",
    "Enjoys music and sings confidently in a group.",
    "Helpful: likes having a job in the classroom.",
    "Determined: keeps going when something is hard if an adult is nearby.",
    "Good with computers and coding.",
    "Loves stories read aloud and remembers the detail.",
    "Caring towards classmates who are upset.",
    "Enjoys cooking and gardening club.",
    "Talks knowledgeably about trains, buses and timetables.",
    "Good at art; takes great care over presentation.",
    "Honest, and reflects well after an incident once calm.",
)
SECONDARY_STRENGTHS = (
    "Strong in design and technology; careful with tools.",
    "Plays in the school band and is proud of it.",
    "Thoughtful in discussion when given time to prepare.",
    "Reliable: takes responsibility as a form representative.",
    "Excellent knowledge of history, especially the World Wars.",
    "Enjoys PE and is in the basketball team.",
    "Good at science practicals and likes to know how things work.",
    "A talented artist who fills sketchbooks at home.",
    "Supportive of younger pupils as a reading buddy.",
)
WHAT_HELPS = {
    "slcn": (
        "Short instructions, one step at a time, with a visual prompt.",
        "Pre-teaching new topic vocabulary with pictures.",
        "Being given extra time to answer before the question is repeated.",
        "Modelling the sentence rather than correcting {him}.",
        "Checking understanding by asking {him} to say the task back in {his} own words.",
    ),
    "asd": (
        "A visual timetable and warning before any change to the day.",
        "A quiet space to go to when the classroom is too busy.",
        "Clear, literal language; avoid sarcasm and idioms.",
        "Time to finish one task before starting the next.",
        "Being told who will cover when the usual adult is away.",
        "Using {his} special interest as a way into new learning.",
    ),
    "semh": (
        "A calm adult to check in with at the start of the day.",
        "Praise given quietly rather than in front of the class.",
        "A movement break or a job to do when {he} becomes restless.",
        "Knowing the plan for unstructured times such as lunch.",
        "A consistent, warm relationship with a key adult.",
        "Being given a choice of two things rather than an instruction.",
    ),
    "spld": (
        "Coloured overlays and a cream background on slides.",
        "Writing frames and word banks on the table.",
        "Not being asked to read aloud without warning.",
        "Copies of the board work rather than copying from the board.",
        "Multi-sensory phonics practice, little and often.",
    ),
    "learning": (
        "Concrete resources in maths (Numicon, counters).",
        "Learning broken into small steps with lots of repetition.",
        "Key vocabulary displayed with pictures.",
        "Tasks that are short and practical, with a clear end.",
        "Being shown an example of finished work first.",
    ),
    "hearing": (
        "Sitting near the front with a clear view of the teacher's face.",
        "Radio aid worn by the teacher in all lessons.",
        "Subtitles switched on for every video.",
        "Background noise kept down during group work.",
    ),
    "vision": (
        "Enlarged print (N24) and a sloping desk.",
        "Resources sent ahead so {he} can use {his} own magnifier.",
        "A clear route around the classroom, with bags kept off the floor.",
        "High-contrast materials and a bright, even light.",
    ),
    "physical": (
        "Extra time to move between lessons, leaving five minutes early.",
        "A writing slope and chunky pencil grip.",
        "Rest breaks planned into the day.",
        "Access to the lift and a ground-floor classroom where possible.",
    ),
}
TRIGGERS = {
    "slcn": (
        "Long verbal instructions given to the whole class.",
        "Being put on the spot to answer in front of others.",
        "Misunderstandings at playtime that {he} cannot explain afterwards.",
    ),
    "asd": (
        "Loud, echoing spaces such as the hall at lunchtime.",
        "Unexpected changes, such as a supply teacher or a fire drill.",
        "Strong smells in the dining hall.",
        "Being touched or jostled in the line.",
        "Losing a game, or a rule being applied differently.",
    ),
    "semh": (
        "Feeling embarrassed in front of peers.",
        "Transitions after break and lunch.",
        "Being told off loudly; raised voices.",
        "Tiredness after a difficult night at home.",
        "Conflict with friends on social media.",
    ),
    "spld": (
        "Being asked to read aloud in class.",
        "Copying large amounts of text from the board.",
        "Spelling tests in front of others.",
    ),
    "learning": (
        "Tasks without a clear model of what to do.",
        "Too much information on one page.",
        "Being rushed to finish.",
    ),
    "hearing": (
        "Noisy group work with several people talking.",
        "Videos without subtitles.",
    ),
    "vision": (
        "Bright glare from the windows in the afternoon.",
        "Moved furniture or bags left on the floor.",
    ),
    "physical": (
        "Crowded corridors at changeover.",
        "Fatigue towards the end of the day.",
    ),
}
ADJUSTMENTS = {
    "slcn": (
        "Visual prompts for routines and instructions.",
        "Key vocabulary sent home before each new topic.",
        "Talk partners chosen carefully.",
    ),
    "asd": (
        "Leaves class five minutes early to avoid crowded corridors.",
        "Time-out card to use the quiet room.",
        "Ear defenders available for assemblies.",
        "Warned in advance of fire drills where possible.",
        "Uniform adjustment: soft polo shirt instead of a tie.",
    ),
    "semh": (
        "Time-out card and an agreed safe space.",
        "Meet-and-greet with a key adult each morning.",
        "Alternative arrangements at lunchtime (nurture club).",
        "Seated near the door.",
    ),
    "spld": (
        "Extra time (25%) in tests.",
        "A reader for written tests.",
        "Laptop for extended writing.",
        "Homework instructions given in writing, not just spoken.",
    ),
    "learning": (
        "Differentiated homework.",
        "Visual timetable and task lists.",
        "Access to concrete resources in every maths lesson.",
    ),
    "hearing": (
        "Radio aid used by all staff.",
        "Front seat with a clear view of the speaker.",
    ),
    "vision": (
        "Enlarged print for all resources.",
        "Own copy of anything shown on the board.",
    ),
    "physical": (
        "Lift pass and time to move between rooms.",
        "Adapted PE with the physiotherapy programme built in.",
    ),
}
HISTORY = {
    "premature": (
        "Born at 29 weeks; spent six weeks in neonatal care.",
        "Born prematurely at 32 weeks.",
        "Born at 27 weeks; followed up by the community paediatrician until age 3.",
    ),
    "summer_born": ("Summer-born: one of the youngest in the year.",),
    "slcn": (
        "Glue ear and grommets at age 4.",
        "Speech delay noted by the health visitor at the 2-year check.",
        "Had speech and language therapy in nursery.",
    ),
    "asd": (
        "Diagnosed with autism by the community paediatrician in Year 1.",
        "Autism assessment pathway: on the waiting list since last year.",
        "Diagnosed with autism and ADHD at age 6.",
    ),
    "semh": (
        "Bereavement: a grandparent {he} was close to died last year.",
        "Family moved house several times in the last two years.",
        "Parents separated recently; {he} spends weekends with {his} father.",
        "Young carer for a parent with a long-term illness.",
    ),
    "spld": (
        "Dyslexia screening by the specialist teacher suggested dyslexic difficulties.",
        "Family history of dyslexia (older sibling and father).",
    ),
    "learning": (
        "Progress has been slow since the early years despite targeted support.",
        "Attended a specialist nursery for two terms.",
    ),
    "hearing": ("Moderate bilateral hearing loss; wears two hearing aids.",),
    "vision": ("Nystagmus; registered as sight impaired.",),
    "physical": (
        "Cerebral palsy (right hemiplegia).",
        "Joint hypermobility; tires quickly when writing.",
    ),
    "eal": (
        "Arrived in England in Year {arrival} with little English.",
        "Attended school abroad until Year {arrival}.",
    ),
    "moved_in": ("Joined the school in {arrival_label} from a school in another area.",),
}
RESTRICTED_NOTES = (
    "Social care involvement — speak to the SENCo before contacting home.",
    "Child protection plan in place; the DSL holds the file.",
    "Court order: father has no contact. Check the office file before releasing {him}.",
    "Medical details held by the school nurse; ask the SENCo.",
    "Early Help assessment open; speak to the DSL before any home visit.",
    "Domestic abuse notification last year (Operation Encompass); do not discuss with the father.",
)
LOOKED_AFTER_NOTES = (
    "Looked after by the local authority; virtual school contact holds the PEP. Contact with "
    "birth mother is supervised — speak to the SENCo before sharing any information with her.",
    "Looked after (foster placement since last year). Social worker must be copied into every "
    "review invitation.",
)

# Need-specific words for status reasons ("Class teacher raised concerns about ...").
CONCERNS = {
    "slcn": "speech sounds and understanding of instructions",
    "asd": "social communication and rigid routines",
    "semh": "anxiety, friendships and behaviour at lunchtimes",
    "spld": "reading and spelling progress",
    "learning": "slow progress in reading and maths",
    "hearing": "listening and hearing in class",
    "vision": "eyesight and copying from the board",
    "physical": "fine motor skills and fatigue",
}
# Keys: (the status before, or where the pupil joined from for a first status, the new status).
REASONS = {
    ("first", "monitoring"): (
        "Class teacher raised concerns about {concern}.",
        "Parent raised concerns about {concern} at parents' evening.",
        "Concerns about {concern} raised at a pupil progress meeting.",
    ),
    ("nursery", "monitoring"): ("Concerns about {concern} passed on by the nursery.",),
    ("primary", "monitoring"): ("Concerns about {concern} passed on by the primary school.",),
    ("school", "monitoring"): ("Concerns about {concern} passed on by the previous school.",),
    ("first", "K"): (
        "Added to SEN support after assessment by the SENCo ({concern}).",
        "Added to SEN support after a specialist assessment ({concern}).",
    ),
    ("nursery", "K"): ("Added to SEN support on entry: information from nursery about {concern}.",),
    ("primary", "K"): ("Transferred on SEN support from primary school.",),
    ("school", "K"): ("Transferred on SEN support from the previous school.",),
    ("nursery", "E"): ("EHC plan issued before starting school.",),
    ("primary", "E"): ("Joined in Year 7 with an EHC plan.",),
    ("school", "E"): ("Joined the school with an EHC plan.",),
    ("monitoring", "K"): (
        "Little progress despite quality-first teaching: moved to SEN support, agreed with "
        "parents.",
        "SENCo assessment of {concern}: SEN support plan agreed with parents.",
        "Specialist report recommended SEN support.",
    ),
    ("K", "E"): (
        "EHC plan issued by the local authority.",
        "EHC plan finalised after a 20-week needs assessment.",
    ),
    ("K", "monitoring"): (
        "Outcomes met: stepped down to monitoring, agreed with parents.",
        "Good progress over three review cycles: back to monitoring.",
    ),
    ("closed", "monitoring"): (
        "Concerns about {concern} resolved after a term of catch-up support.",
        "Class teacher raised concerns about {concern}; resolved at review.",
    ),
}

# Outcomes of an APDR plan, by text area and phase ("primary" or "secondary"; "any" for both).
OUTCOMES = {
    ("slcn", "primary"): (
        "Will follow a two-step instruction in class without a visual prompt.",
        "Will use 10 new topic words correctly in speaking by the end of term.",
        "Will retell a short story in the right order using a story map.",
        "Will produce the 's' sound at the start of words in short sentences.",
        "Will ask an adult for help using {his} help card.",
        "Will take turns in a small-group game with one adult prompt.",
    ),
    ("slcn", "secondary"): (
        "Will use subject vocabulary accurately in two written answers a week.",
        "Will ask a teacher to explain an instruction again when unsure.",
        "Will explain {his} answer using a sentence starter in science lessons.",
        "Will summarise a paragraph of text in three bullet points.",
    ),
    ("asd", "primary"): (
        "Will use {his} visual timetable independently to move between activities.",
        "Will manage an unexpected change with a warning and a 'change' card.",
        "Will play a turn-taking game with two peers for 10 minutes.",
        "Will eat lunch in the hall with a friend three days a week.",
        "Will tell an adult when {he} feels overwhelmed, using {his} feelings scale.",
    ),
    ("asd", "secondary"): (
        "Will use the time-out pass appropriately, returning within 10 minutes.",
        "Will take part in group work in two subjects each week, with an agreed role.",
        "Will use {his} planner to record homework in every lesson.",
        "Will manage a cover lesson without leaving the classroom.",
        "Will travel between lessons independently using the early-leave pass.",
    ),
    ("semh", "primary"): (
        "Will name {his} feelings using the zones of regulation three times a day.",
        "Will use a calming strategy (breathing, fidget, quiet corner) before an outburst.",
        "Will come into class calmly after lunch four days out of five.",
        "Will repair a friendship after a fall-out with an adult's help.",
        "Will stay in class for the whole of the morning session.",
    ),
    ("semh", "secondary"): (
        "Will attend all lessons on four days out of five (attendance above 90%).",
        "Will use {his} check-in with the key adult every morning.",
        "Will identify two triggers and a plan for each with the school counsellor.",
        "Will reduce behaviour points in lessons by half this term.",
        "Will speak to a trusted adult when worried rather than leaving the lesson.",
    ),
    ("spld", "primary"): (
        "Will read and spell the 100 high-frequency words.",
        "Will read a Phase 5 phonics book with 90% accuracy.",
        "Will write three sentences independently using a word bank.",
        "Will use a spelling strategy (sound buttons) to check {his} writing.",
        "Will form all lower-case letters correctly.",
    ),
    ("spld", "secondary"): (
        "Will use a reader pen independently in English lessons.",
        "Will touch-type 20 words a minute with 90% accuracy.",
        "Will plan extended writing with a mind map before starting.",
        "Will read an age-appropriate text with a reading age within 12 months of {his} age.",
        "Will use spell-check and a word bank to proof-read homework.",
    ),
    ("learning", "primary"): (
        "Will count reliably to 20 and back using a number line.",
        "Will recall number bonds to 10 without apparatus.",
        "Will write {his} full name and address independently.",
        "Will add two 2-digit numbers using Numicon.",
        "Will read the Year 1 common exception words.",
        "Will tell the time to the half hour.",
    ),
    ("learning", "secondary"): (
        "Will use money to pay for lunch and check {his} change.",
        "Will complete a Functional Skills Entry Level 3 maths unit.",
        "Will follow a step-by-step recipe in food technology with one prompt.",
        "Will read the bus timetable and plan a journey to college.",
        "Will record key facts from a lesson using a graphic organiser.",
    ),
    ("hearing", "any"): (
        "Will tell the teacher when the radio aid is not working.",
        "Will check {his} hearing aids each morning with the TA.",
        "Will ask for repetition when {he} has not heard an instruction.",
    ),
    ("vision", "any"): (
        "Will use {his} magnifier independently to read a worksheet.",
        "Will find {his} way from class to the dining hall independently.",
        "Will touch-type 15 words a minute.",
    ),
    ("physical", "any"): (
        "Will carry out {his} physiotherapy stretches daily with the TA.",
        "Will do up {his} coat and shoes independently after PE.",
        "Will write a paragraph using {his} slope and pencil grip without tiring.",
        "Will move safely around the school at busy times using the agreed route.",
    ),
}
# Provision: (description, frequency, who delivers it: a key of sendlib.demo.school.STAFF_ROLES), with
# a fourth item "primary" or "secondary" where it only suits one phase.
PROVISION = {
    "slcn": (
        ("Language for Thinking group", "3 x 20 min a week", "ta", "primary"),
        ("Speech sounds programme from the SALT", "daily, 10 min", "ta", "primary"),
        ("Pre-teaching of topic vocabulary", "2 x 15 min a week", "ta"),
        ("Talk Boost group", "3 x 30 min a week for 10 weeks", "ta", "primary"),
        ("Vocabulary and inference group", "2 x 30 min a week", "ta", "secondary"),
        ("SALT review and targets", "once a term", "salt"),
    ),
    "asd": (
        ("Social skills group (Lego therapy)", "2 x 30 min a week", "ta"),
        ("Daily check-in and visual timetable review", "daily, 10 min", "ta"),
        ("Early-leave pass and a planned route between lessons", "every lesson change", "ta",
         "secondary"),
        ("Zones of Regulation sessions", "weekly, 30 min", "elsa"),
        ("Autism outreach advice and staff training", "once a term", "specialist"),
        ("Quiet lunch club", "daily", "mentor"),
    ),
    "semh": (
        ("ELSA sessions", "weekly, 40 min for 8 weeks", "elsa"),
        ("Meet and greet with key adult", "daily, 10 min", "mentor"),
        ("Nurture group", "4 afternoons a week", "ta", "primary"),
        ("Drawing and Talking", "weekly, 30 min for 12 weeks", "elsa", "primary"),
        ("Mentoring with a Year 12 peer mentor", "weekly, 20 min", "mentor", "secondary"),
        ("School counsellor", "weekly, 50 min", "counsellor"),
    ),
    "spld": (
        ("Precision teaching of high-frequency words", "daily, 10 min", "ta", "primary"),
        ("Phonics catch-up (Read Write Inc. Fresh Start)", "4 x 20 min a week", "ta"),
        ("Toe by Toe", "3 x 15 min a week", "ta"),
        ("Reader pen and exam access arrangements practice", "weekly, 20 min", "ta",
         "secondary"),
        ("Touch-typing programme", "2 x 20 min a week", "ta"),
        ("Specialist teacher assessment and advice", "once a term", "specialist"),
    ),
    "learning": (
        ("Numicon intervention", "3 x 20 min a week", "ta", "primary"),
        ("Small-group maths with the HLTA", "daily, 30 min", "hlta"),
        ("Reading with an adult", "daily, 10 min", "ta", "primary"),
        ("Literacy catch-up group instead of a second language", "3 lessons a week", "hlta",
         "secondary"),
        ("Life-skills group", "weekly, 1 hour", "ta", "secondary"),
        ("Overlearning of key facts", "daily, 5 min", "ta"),
    ),
    "hearing": (
        ("Teacher of the Deaf visit and advice", "twice a term", "specialist"),
        ("Pre-teaching with the TA", "3 x 15 min a week", "ta"),
        ("Daily hearing-aid and radio-aid check", "daily, 5 min", "ta"),
    ),
    "vision": (
        ("Qualified teacher of visual impairment (QTVI) visit", "twice a term", "specialist"),
        ("Enlarging resources for every lesson", "daily", "ta"),
        ("Mobility and independence training", "weekly, 30 min", "specialist"),
    ),
    "physical": (
        ("Physiotherapy programme", "daily, 15 min", "ta"),
        ("Fine motor group (Clever Hands)", "3 x 15 min a week", "ta"),
        ("OT review and equipment check", "once a term", "ot"),
    ),
}
PARENT_VIEWS = {
    "good": (
        "I'm really pleased: {name} is much happier coming into school now.",
        "{He} has started reading to {his} little sister at bedtime, which {he} never did before.",
        "We've noticed {his} confidence growing at home. Thank you for the help card idea.",
        "I'm happy with the plan. {He} talks about {his} group sessions a lot.",
    ),
    "mixed": (
        "{He} is doing better in some things, but mornings are still a battle.",
        "I'm pleased with the reading but still worried about friendships.",
        "I'd like more information about what {he} does in the group sessions.",
        "Homework causes a lot of stress at home; can we talk about how much {he} should do?",
    ),
    "worried": (
        "I'm worried {he} isn't sleeping well before school days.",
        "{He} comes home exhausted and upset most days. I don't think the support is enough yet.",
        "I'm worried {he} is falling further behind and would like an EP assessment.",
        "I feel we keep having the same conversation. I'd like to know what will change.",
    ),
}
PUPIL_VIEWS = {
    "primary": (
        "I like working with my TA because she helps me with my sounds.",
        "I don't like the noise in the hall at lunch. I like the quiet club.",
        "I'm good at football and drawing. I find writing hard.",
        "I like my help card. Sometimes I forget to use it.",
        "I want to be able to read Harry Potter by myself.",
        "I feel happy when I know what is happening next.",
        "Playtime is hard because people don't let me join in.",
    ),
    "secondary": (
        "The time-out pass helps. I don't use it unless I really need to.",
        "I don't want people to know I get extra help.",
        "Typing is easier than writing. I'd like to use a laptop in exams.",
        "I find it hard when teachers talk too fast and then I get told off for not listening.",
        "Tutor time is OK. Lunchtime is the worst part of the day.",
        "I want to go to college to do motor vehicle.",
        "The reader pen is good but it's embarrassing in front of my friends.",
    ),
    "symbols": (
        "(Gathered with picture cards) Likes: music, the sensory room, swings. Does not like: "
        "loud hand dryers.",
        "(Gathered with a talking mat) Happy: painting, snack time, {his} TA. Not happy: "
        "assembly.",
    ),
}
# Evaluations follow "{met} of {total} outcomes achieved as expected or better."
EVALUATIONS = {
    "good": (
        "Good progress: the next plan builds on this with more independence.",
        "Parents and {name} pleased; support reduced for the next cycle.",
        "{name} is using the strategies without prompting. New, harder outcomes agreed.",
    ),
    "mixed": (
        "Some progress. The group sessions were disrupted by staff absence; continue the plan.",
        "Steady progress at school, less carried over at home. Agreed to try a home-school "
        "book.",
        "Partly met. Outcomes carried forward with smaller steps.",
    ),
    "poor": (
        "Little progress despite the provision. SENCo to request an EP assessment.",
        "Outcomes not met: attendance was low this term. Plan reviewed with parents and "
        "provision changed.",
        "Less progress than expected; referral to the specialist teacher agreed with parents.",
    ),
}
FINAL_EVALUATION = (
    "Final review before {name} left. Information and this plan passed to the receiving "
    "setting, agreed with parents."
)

# Parents' and carers' availability, and what makes coming into school hard.
# (best times, difficult times) that go together; None where nothing is said.
TIMES = (
    ("after 3pm", "mornings (works until 2pm)"), ("mornings before 9", "after 4pm (late shifts)"),
    ("after 5.30pm on weekdays", "weekdays 9-5"), ("lunchtimes (12-1)", "school run times"),
    ("at pick-up", None), ("at drop-off", None), ("Mondays and Fridays", "Tuesdays and Thursdays"),
    ("any time on Wednesdays", None), ("after 10am", "before 10am (works nights)"),
    ("school hours only", "after 3.30pm (childcare)"), ("after 2pm", "Friday afternoons"),
)
BARRIERS = (
    "works shifts", "no car", "finds school buildings difficult", "younger children at home",
    "anxious about meetings after own school experience", "caring for a relative",
    "works nights", "lives 40 minutes away by bus", "hearing impairment: prefers email or text",
    "limited reading in English: please phone rather than send letters",
)
FOSTER_TIMES = ("school hours", "after 3.30pm")

# Outside agencies: practitioners' job titles (used when the practitioner is known).
AGENCY_ROLES = {
    "CAMHS": ("Dr", "clinical psychologist"),
    "SALT": ("Ms", "speech and language therapist"),
    "OT": ("Ms", "occupational therapist"),
    "EP": ("Dr", "educational psychologist"),
    "Physiotherapy": ("Mr", "paediatric physiotherapist"),
    "Specialist teacher": ("Ms", "specialist teacher"),
    "Paediatrician": ("Dr", "community paediatrician"),
    "Social care": ("Ms", "social worker"),
    "LA caseworker": ("Ms", "SEN caseworker"),
    "School nurse": ("Ms", "school nurse"),
    "Early Help": ("Mr", "family support worker"),
}
AGENCY_TEAMS = {
    "CAMHS": "CAMHS single point of access",
    "SALT": "Children's speech and language therapy",
    "OT": "Children's occupational therapy",
    "EP": "Educational psychology service",
    "Physiotherapy": "Children's physiotherapy",
    "Specialist teacher": "Specialist teaching service",
    "Paediatrician": "Community paediatrics",
    "Social care": "Children's social care duty team",
    "LA caseworker": "SEN team",
    "School nurse": "School nursing team",
    "Early Help": "Early Help hub",
}
# fmt: on
