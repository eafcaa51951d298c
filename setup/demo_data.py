"""The demo consulting firm: Meridian Advisory, two legal entities.

Plain data, loaded by setup/load_demo.py through the public API (customers and
contacts arrive through ``ingest`` as a CRM would send them).
"""

COMPANIES = {
    "us": {
        "name": "Meridian Advisory Group Inc.",
        "currency": "USD",
        "country": "US",
        "street": "100 Federal Street, 12th floor",
        "city": "Boston",
        "zip": "02110",
        "email": "finance@meridian-advisory.example",
        "phone": "+1 617 555 0100",
    },
    "uk": {
        "name": "Meridian Advisory Ltd",
        "currency": "GBP",
        "country": "GB",
        "street": "30 Finsbury Square",
        "city": "London",
        "zip": "EC2A 1AG",
        "email": "finance.uk@meridian-advisory.example",
        "phone": "+44 20 7946 0100",
    },
}

# (external id, name, country, city, street, zip, [(contact external id, name, email)])
CUSTOMERS = {
    "us": [
        (
            "ACC-000101",
            "Harborview Health System",
            "US",
            "Boston",
            "55 Fruit Street",
            "02114",
            [
                ("CON-000201", "Maria Lopez", "mlopez@harborview-health.example"),
                ("CON-000202", "Kevin Duarte", "kduarte@harborview-health.example"),
            ],
        ),
        (
            "ACC-000102",
            "Granite State Manufacturing",
            "US",
            "Manchester",
            "1 Mill Road",
            "03101",
            [("CON-000203", "Ruth Okafor", "rokafor@granitemfg.example")],
        ),
        (
            "ACC-000103",
            "Liberty Mutual Savings Bank",
            "US",
            "Providence",
            "200 Westminster St",
            "02903",
            [
                ("CON-000204", "Daniel Cho", "dcho@libertysavings.example"),
                ("CON-000205", "Priya Raman", "praman@libertysavings.example"),
                ("CON-000206", "Tom Becker", "tbecker@libertysavings.example"),
            ],
        ),
        (
            "ACC-000104",
            "Cobalt Software Inc.",
            "US",
            "Cambridge",
            "1 Kendall Square",
            "02139",
            [("CON-000207", "Aisha Grant", "agrant@cobaltsoft.example")],
        ),
        (
            "ACC-000105",
            "Commonwealth Transit Authority",
            "US",
            "Boston",
            "10 Park Plaza",
            "02116",
            [
                ("CON-000208", "Sean Murphy", "smurphy@cta-transit.example"),
                ("CON-000209", "Linda Park", "lpark@cta-transit.example"),
            ],
        ),
        (
            "ACC-000106",
            "Northwind Logistics LLC",
            "US",
            "Hartford",
            "280 Trumbull St",
            "06103",
            [("CON-000210", "Omar Haddad", "ohaddad@northwind-logistics.example")],
        ),
        (
            "ACC-000107",
            "Pioneer Valley University",
            "US",
            "Amherst",
            "181 Presidents Dr",
            "01003",
            [
                ("CON-000211", "Grace Liu", "gliu@pvu.example"),
                ("CON-000212", "Henry Adams", "hadams@pvu.example"),
            ],
        ),
        (
            "ACC-000108",
            "Bayside Biotech Corp.",
            "US",
            "Waltham",
            "400 Totten Pond Rd",
            "02451",
            [("CON-000213", "Elena Petrova", "epetrova@baysidebio.example")],
        ),
        (
            "ACC-000109",
            "Atlantic Energy Partners",
            "US",
            "Portland",
            "2 Monument Sq",
            "04101",
            [
                ("CON-000214", "Marcus Webb", "mwebb@atlantic-energy.example"),
                ("CON-000215", "Nina Shah", "nshah@atlantic-energy.example"),
            ],
        ),
        (
            "ACC-000110",
            "Summit Retail Group",
            "US",
            "Burlington",
            "75 Cambridge St",
            "01803",
            [("CON-000216", "Chris Nolan", "cnolan@summitretail.example")],
        ),
        (
            "ACC-000111",
            "Evergreen Insurance Co.",
            "US",
            "Worcester",
            "440 Lincoln St",
            "01653",
            [("CON-000217", "Janet Ruiz", "jruiz@evergreen-ins.example")],
        ),
        (
            "ACC-000112",
            "Redline Aerospace",
            "US",
            "Nashua",
            "9 Northeastern Blvd",
            "03062",
            [
                ("CON-000218", "Victor Hale", "vhale@redline-aero.example"),
                ("CON-000219", "Sofia Marin", "smarin@redline-aero.example"),
            ],
        ),
        (
            "ACC-000113",
            "City of Lowell",
            "US",
            "Lowell",
            "375 Merrimack St",
            "01852",
            [("CON-000220", "Patrick O'Neil", "poneil@lowell-city.example")],
        ),
    ],
    "uk": [
        (
            "ACC-100201",
            "Thames Valley NHS Trust",
            "GB",
            "Reading",
            "London Road",
            "RG1 5AN",
            [
                ("CON-100301", "Olivia Hughes", "ohughes@tvnhs.example"),
                ("CON-100302", "James Patel", "jpatel@tvnhs.example"),
            ],
        ),
        (
            "ACC-100202",
            "Caledonian Rail Ltd",
            "GB",
            "Glasgow",
            "1 Buchanan Street",
            "G1 3HL",
            [("CON-100303", "Fiona Campbell", "fcampbell@caledonian-rail.example")],
        ),
        (
            "ACC-100203",
            "Albion Building Society",
            "GB",
            "Leeds",
            "12 Park Row",
            "LS1 5HD",
            [
                ("CON-100304", "George Wright", "gwright@albion-bs.example"),
                ("CON-100305", "Hannah Evans", "hevans@albion-bs.example"),
            ],
        ),
        (
            "ACC-100204",
            "Pennine Foods plc",
            "GB",
            "Manchester",
            "3 Hardman Street",
            "M3 3HF",
            [("CON-100306", "Ravi Kumar", "rkumar@penninefoods.example")],
        ),
        (
            "ACC-100205",
            "Kestrel Analytics Ltd",
            "GB",
            "Cambridge",
            "20 Station Road",
            "CB1 2JD",
            [("CON-100307", "Emma Clarke", "eclarke@kestrel-analytics.example")],
        ),
        (
            "ACC-100206",
            "Severn Water plc",
            "GB",
            "Bristol",
            "1 Temple Quay",
            "BS1 6DG",
            [
                ("CON-100308", "Tom Fletcher", "tfletcher@severnwater.example"),
                ("CON-100309", "Aaliyah Brown", "abrown@severnwater.example"),
            ],
        ),
        (
            "ACC-100207",
            "Borough of Camden",
            "GB",
            "London",
            "5 Pancras Square",
            "N1C 4AG",
            [("CON-100310", "Peter Novak", "pnovak@camden-borough.example")],
        ),
        (
            "ACC-100208",
            "Dublin Medical Devices Ltd",
            "IE",
            "Dublin",
            "2 Grand Canal Sq",
            "D02 A342",
            [("CON-100311", "Siobhan Byrne", "sbyrne@dublinmed.example")],
        ),
        (
            "ACC-100209",
            "Rotterdam Port Services BV",
            "NL",
            "Rotterdam",
            "Wilhelminakade 909",
            "3072 AP",
            [("CON-100312", "Jan de Vries", "jdevries@rps.example")],
        ),
        (
            "ACC-100210",
            "Lyon Pharma SAS",
            "FR",
            "Lyon",
            "10 Rue de la Republique",
            "69001",
            [
                ("CON-100313", "Claire Martin", "cmartin@lyonpharma.example"),
                ("CON-100314", "Luc Bernard", "lbernard@lyonpharma.example"),
            ],
        ),
    ],
}

USERS = [
    # login, name, groups, companies, e-mail, home action (where the work is)
    # an API account holds the integration group and nothing else
    (
        "integration",
        "CRM integration (RPC)",
        ["ps_sync_core.group_integration"],
        ["us"],
        "crm-integration@meridian-advisory.example",
        None,
    ),
    (
        "finance",
        "Fiona Reyes (Finance)",
        [
            "base.group_user",
            "base.group_partner_manager",
            "ps_sync_core.group_finance_reviewer",
            "account.group_account_invoice",
            "hr_timesheet.group_hr_timesheet_approver",
        ],
        ["us", "uk"],
        "fiona.reyes@meridian-advisory.example",
        "ps_sync_core.ps_sync_log_action_exceptions",
    ),
    (
        "syncmgr",
        "Sam Ortiz (Integrations)",
        ["base.group_user", "ps_sync_core.group_sync_manager"],
        ["us", "uk"],
        "sam.ortiz@meridian-advisory.example",
        "ps_sync_core.ps_sync_backend_action",
    ),
]

# ---------------------------------------------------------------------------
# People, rates, engagements, time and revenue (setup/load_demo.py, after the
# customers). Dates are relative: month 0 is the month two months before the
# current one, so the demo always has two closed months (billed and
# recognised) and the current month's time still in approval.
# A date is (month offset, day) with day "end" for the month's last day.
# ---------------------------------------------------------------------------

# roles (hr.job per company) and their standard hourly rate on the rate card
ROLES = {
    "us": [
        ("Partner", 395.0),
        ("Senior consultant", 250.0),
        ("Consultant", 175.0),
        ("Analyst", 125.0),
    ],
    "uk": [("Partner", 320.0), ("Senior consultant", 195.0), ("Consultant", 140.0)],
}

# (name, role, work e-mail: the key time tools send, hourly cost in company currency)
EMPLOYEES = {
    "us": [
        ("Eleanor Whitfield", "Partner", "eleanor.whitfield@meridian-advisory.example", 185.0),
        ("Marcus Chen", "Senior consultant", "marcus.chen@meridian-advisory.example", 110.0),
        (
            "Priya Natarajan",
            "Senior consultant",
            "priya.natarajan@meridian-advisory.example",
            105.0,
        ),
        ("Daniel Okoye", "Consultant", "daniel.okoye@meridian-advisory.example", 75.0),
        ("Sofia Alvarez", "Consultant", "sofia.alvarez@meridian-advisory.example", 72.0),
        ("Liam Brennan", "Analyst", "liam.brennan@meridian-advisory.example", 55.0),
    ],
    "uk": [
        ("Charlotte Davies", "Partner", "charlotte.davies@meridian-advisory.example", 150.0),
        ("Oliver Bennett", "Senior consultant", "oliver.bennett@meridian-advisory.example", 85.0),
        ("Amelia Shah", "Consultant", "amelia.shah@meridian-advisory.example", 60.0),
    ],
}

# one rate card per entity: the ROLES rates, plus customer-specific rates
# (role, customer external id, hourly rate)
RATE_CARDS = {
    "us": ("US standard rates", [("Senior consultant", "ACC-000101", 235.0)]),
    "uk": ("UK standard rates", []),
}

# non-billable internal work (no engagement)
INTERNAL_PROJECTS = {
    "us": ("MER-INT", "Meridian internal: practice development and proposals"),
    "uk": ("MAL-INT", "Meridian UK internal: practice development"),
}

# Engagements, one project each (its code is what the time tool sends).
# obligations: (name, method, standalone price, start, end, extra)
ENGAGEMENTS = {
    "us": [
        {
            "code": "HHS-EHR",
            "customer": "ACC-000101",
            "name": "EHR optimisation programme",
            "project": "Harborview Health: EHR optimisation",
            "start": (0, 1),
            "end": (7, "end"),
            "bill_time": True,
            "cap_amount": 240000.0,
            "cap_policy": "hold",
            "obligations": [
                (
                    "EHR optimisation advisory (time and materials)",
                    "time_material",
                    0.0,
                    (0, 1),
                    (7, "end"),
                    {},
                ),
            ],
        },
        {
            "code": "LMSB-CORE",
            "customer": "ACC-000103",
            "name": "Core banking vendor selection (fixed fee)",
            "project": "Liberty Savings: core banking vendor selection",
            "start": (0, 1),
            "end": (11, "end"),
            "bill_time": False,
            "transaction_price": 96000.0,
            "schedule": [
                ("fixed", (0, "end"), "Fixed fee, instalment 1 of 4", 24000.0),
                ("fixed", (1, "end"), "Fixed fee, instalment 2 of 4", 24000.0),
                ("fixed", (2, "end"), "Fixed fee, instalment 3 of 4", 24000.0),
                ("fixed", (3, "end"), "Fixed fee, instalment 4 of 4", 24000.0),
            ],
            "obligations": [
                (
                    "Vendor selection and contract negotiation",
                    "input_hours",
                    84000.0,
                    (0, 1),
                    (4, "end"),
                    {"estimate_hours": 760.0},
                ),
                ("Post-selection advisory support", "ratable", 24000.0, (0, 1), (11, "end"), {}),
            ],
        },
        {
            "code": "COBALT-MOD",
            "customer": "ACC-000104",
            "name": "Platform modernisation (milestones)",
            "project": "Cobalt Software: platform modernisation",
            "start": (0, 1),
            "end": (6, "end"),
            "bill_time": False,
            "transaction_price": 170000.0,
            # (name, amount, accepted on or None); the accepted one is accepted
            # after the first month is billed
            "milestones": [
                ("Discovery and target architecture signed off", 45000.0, (1, 15)),
                ("MVP released to pilot users", 70000.0, None),
                ("Production cut-over and handover", 55000.0, None),
            ],
            "obligations": [
                (
                    "Discovery and target architecture",
                    "point_in_time",
                    50000.0,
                    (0, 1),
                    (1, 15),
                    {"milestone": "Discovery and target architecture signed off"},
                ),
                (
                    "Minimum viable product",
                    "point_in_time",
                    75000.0,
                    (0, 1),
                    (3, "end"),
                    {"milestone": "MVP released to pilot users"},
                ),
                (
                    "Production cut-over",
                    "point_in_time",
                    60000.0,
                    (0, 1),
                    (6, "end"),
                    {"milestone": "Production cut-over and handover"},
                ),
            ],
        },
        {
            "code": "CTA-ADV",
            "customer": "ACC-000105",
            "name": "Transit advisory retainer",
            "project": "Commonwealth Transit: advisory retainer",
            "start": (0, 1),
            "end": (11, "end"),
            "bill_time": True,
            "retainer_expiry": (11, "end"),
            "schedule": [
                ("retainer", (0, 1), "Retainer prepayment", 30000.0),
                ("retainer", (2, 1), "Retainer top-up", 15000.0),
            ],
            "obligations": [
                (
                    "Advisory services drawn from the retainer",
                    "time_material",
                    0.0,
                    (0, 1),
                    (11, "end"),
                    {},
                ),
            ],
        },
    ],
    "uk": [
        {
            "code": "TVNHS-DFD",
            "customer": "ACC-100201",
            "name": "Digital front door discovery",
            "project": "Thames Valley NHS: digital front door discovery",
            "start": (0, 1),
            "end": (4, "end"),
            "bill_time": True,
            # the findings report is a fixed fee, billed when delivered and
            # earned over the discovery: the UK entity's backlog
            "transaction_price": 12000.0,
            "schedule": [("fixed", (4, "end"), "Discovery findings report", 12000.0)],
            "obligations": [
                ("Discovery (time and materials)", "time_material", 0.0, (0, 1), (4, "end"), {}),
                ("Discovery findings report", "ratable", 12000.0, (0, 1), (4, "end"), {}),
            ],
        },
    ],
}

# Who books what: work e-mail -> [(project code, weekdays (0 = Monday), hours,
# billable, what)]. Hours vary by half an hour from day to day and people take
# the odd day off; see load_demo.time_entries.
STAFFING = {
    "us": {
        "eleanor.whitfield@meridian-advisory.example": [
            ("HHS-EHR", (1,), 2.0, True, "Steering committee and executive sponsor review"),
            ("CTA-ADV", (0,), 2.0, True, "Board advisory session preparation"),
            ("CTA-ADV", (3,), 1.0, True, "Call with the general manager"),
            ("COBALT-MOD", (2,), 1.5, True, "Quality review of deliverables"),
            ("LMSB-CORE", (4,), 1.0, True, "Vendor negotiation strategy"),
            ("MER-INT", (4,), 3.0, False, "Proposals and practice leadership"),
        ],
        "marcus.chen@meridian-advisory.example": [
            ("HHS-EHR", (0, 1, 2, 3), 5.0, True, "Clinical workflow workshops"),
            ("HHS-EHR", (2,), 1.0, False, "Travel to the Harborview campus"),
            ("COBALT-MOD", (0, 1, 2, 3, 4), 3.0, True, "Target architecture and API design"),
            ("MER-INT", (4,), 2.0, False, "Knowledge sharing: EHR practice"),
        ],
        "priya.natarajan@meridian-advisory.example": [
            ("LMSB-CORE", (0, 1, 2, 3, 4), 4.0, True, "Vendor RFP scoring and demos"),
            ("HHS-EHR", (0, 1, 2, 3, 4), 3.0, True, "Order set rationalisation"),
        ],
        "daniel.okoye@meridian-advisory.example": [
            ("CTA-ADV", (0, 2, 3), 3.0, True, "Fare system options analysis"),
            ("COBALT-MOD", (0, 1, 2, 3, 4), 4.0, True, "Legacy code assessment"),
        ],
        "sofia.alvarez@meridian-advisory.example": [
            ("HHS-EHR", (0, 1, 2, 3, 4), 7.0, True, "Build and test of revised order sets"),
            ("MER-INT", (4,), 1.0, False, "Training: healthcare interoperability"),
        ],
        "liam.brennan@meridian-advisory.example": [
            ("LMSB-CORE", (0, 1, 2, 3, 4), 3.0, True, "Requirements matrix and reference calls"),
            ("HHS-EHR", (0, 1, 2, 3, 4), 4.0, True, "Usage analytics and dashboards"),
        ],
    },
    "uk": {
        "charlotte.davies@meridian-advisory.example": [
            ("TVNHS-DFD", (1,), 2.0, True, "Sponsor meeting with the trust's CDIO"),
            ("MAL-INT", (4,), 2.0, False, "Proposals"),
        ],
        "oliver.bennett@meridian-advisory.example": [
            ("TVNHS-DFD", (0, 1, 2, 3), 6.0, True, "Patient journey mapping"),
            # a US engagement: charged to the US entity by intercompany runs
            ("COBALT-MOD", (4,), 5.0, True, "API design review for the US team"),
        ],
        "amelia.shah@meridian-advisory.example": [
            ("TVNHS-DFD", (0, 1, 2, 3, 4), 7.0, True, "User research interviews and synthesis"),
            ("MAL-INT", (4,), 1.0, False, "Training: service design"),
        ],
    },
}

# Intercompany: the UK entity's consultants work on US engagements (see
# STAFFING) and charge the US entity cost plus 10 % in GBP; the US rate card
# bills its customer for them as for its own (COBALT-MOD bills milestones).
INTERCOMPANY = {
    "provider": "uk",
    "receiver": "us",
    "method": "cost_plus",
    "markup_percent": 10.0,
    "currency": "GBP",
}
# the consolidating entity and the group currency of the intercompany
# balances (Settings > Invoicing > Intercompany): the US parent, in USD
GROUP = {"company": "us", "currency": "USD"}

# a fixed demo rate (GBP per USD in the US books, USD per GBP in the UK's)
# from the anchor month, unless the database has one already
INTERCOMPANY_RATE_USD_PER_GBP = 1.27

# revenue recognition accounts per entity: (code, name, type) of the deferred
# revenue (contract liability) and unbilled receivable (contract asset)
# accounts; an existing account with the code is used, else it is created
REVENUE_ACCOUNTS = {
    "us": {
        "deferred": ("212000", "Deferred Revenue", "liability_current"),
        "unbilled": ("121500", "Unbilled Receivables (contract assets)", "asset_current"),
    },
    "uk": {
        "deferred": ("210800", "Deferred Income (contract liabilities)", "liability_current"),
        "unbilled": ("110500", "Accrued Income (contract assets)", "asset_current"),
    },
}

# entities whose closed months are billed and recognised by the loader, and
# the engagements whose invoice proposals finance posts (the others stay
# draft: earned but not billed, an unbilled receivable)
RUN_ENTITIES = ["us", "uk"]
POST_INVOICES = {"us": ["LMSB-CORE", "CTA-ADV"], "uk": ["TVNHS-DFD"]}
# entities whose last closed month's proposals are still in pre-bill review
# (draft): their time is work in progress on a proposal
REVIEW_LAST_MONTH = ["uk"]

# ---------------------------------------------------------------------------
# Costing (issue 15): what the HR, payroll and expense tools send, all through
# ``ingest`` on each entity's HR backend ("hr-us", "hr-uk").
# ---------------------------------------------------------------------------
# every person's first cost rate runs from this day (their EMPLOYEES cost)
COST_RATES_FROM = "2020-01-01"
# raises inside the demo period: (work e-mail, new hourly cost, (month, day) from the anchor)
COST_RAISES = {
    "us": [
        ("marcus.chen@meridian-advisory.example", 118.0, (1, 16)),
        ("sofia.alvarez@meridian-advisory.example", 78.0, (2, 1)),
    ],
    "uk": [("amelia.shah@meridian-advisory.example", 64.0, (1, 1))],
}
DEPARTMENTS = {
    "Partner": "Leadership",
    "Senior consultant": "Delivery",
    "Consultant": "Delivery",
    "Analyst": "Delivery",
}
# skill types the HR tool's skills name: (type, [skills], [(level, progress)])
SKILL_TYPES = [
    (
        "Consulting",
        ["EHR (Epic)", "Service design", "Enterprise architecture", "Procurement"],
        [("Practitioner", 50), ("Expert", 100)],
    )
]
# (work e-mail, skill, level)
SKILLS = [
    ("marcus.chen@meridian-advisory.example", "EHR (Epic)", "Expert"),
    ("priya.natarajan@meridian-advisory.example", "Procurement", "Expert"),
    ("daniel.okoye@meridian-advisory.example", "Enterprise architecture", "Practitioner"),
    ("amelia.shah@meridian-advisory.example", "Service design", "Expert"),
]
# subcontractors: a vendor (sent as a partner by the HR tool) and its consultant,
# whose cost rate is the buy rate; their time comes through the time tool
SUBCONTRACTORS = {
    "us": [
        {
            "vendor": ("V-NORTHWIND", "Northwind Digital LLC", "ap@northwind-digital.example"),
            "name": "Hannah Kowalski",
            "email": "hannah.kowalski@northwind-digital.example",
            "role": "Consultant",
            "buy_rate": 95.0,
        }
    ]
}
STAFFING["us"]["hannah.kowalski@northwind-digital.example"] = [
    ("HHS-EHR", (1, 2, 3), 6.0, True, "Interface testing: lab and pharmacy feeds"),
]
# payroll: loaded monthly cost = hourly cost x PAYROLL_HOURS x (1 + variance)
PAYROLL_HOURS = 160
PAYROLL_VARIANCE = {
    "eleanor.whitfield@meridian-advisory.example": 0.08,
    "liam.brennan@meridian-advisory.example": -0.03,
}
PAYROLL_VARIANCE_DEFAULT = 0.02
# companies that spread the payroll variance over the period's time
PAYROLL_SPREAD = ["us"]
# expense categories (expensable products): (internal reference, name)
EXPENSE_CATEGORIES = [
    ("EXP-TRAVEL", "Travel"),
    ("EXP-HOTEL", "Hotel"),
    ("EXP-MEALS", "Meals"),
]
# monthly expenses: (work e-mail, project, category, description, amount, billable, day)
EXPENSES = {
    "us": [
        (
            "marcus.chen@meridian-advisory.example",
            "HHS-EHR",
            "EXP-TRAVEL",
            "Flight Boston - Seattle, Harborview workshops",
            642.40,
            True,
            4,
        ),
        (
            "marcus.chen@meridian-advisory.example",
            "HHS-EHR",
            "EXP-HOTEL",
            "Hotel, 3 nights, Harborview campus",
            689.00,
            True,
            7,
        ),
        (
            "sofia.alvarez@meridian-advisory.example",
            "HHS-EHR",
            "EXP-MEALS",
            "Team dinner after go-live rehearsal",
            214.35,
            False,
            12,
        ),
        (
            "daniel.okoye@meridian-advisory.example",
            "CTA-ADV",
            "EXP-TRAVEL",
            "Train to Chicago, fare system workshop",
            188.00,
            True,
            9,
        ),
        (
            "priya.natarajan@meridian-advisory.example",
            "LMSB-CORE",
            "EXP-MEALS",
            "Vendor demo day lunch",
            96.80,
            False,
            15,
        ),
    ],
    "uk": [
        (
            "amelia.shah@meridian-advisory.example",
            "TVNHS-DFD",
            "EXP-TRAVEL",
            "Train London - Reading, user research",
            58.70,
            True,
            6,
        ),
    ],
}
# engagements that re-invoice billable expenses with a markup (percent)
EXPENSE_MARKUP = {"us": {"HHS-EHR": 10.0}}
