"""The demo consulting firm: Meridian Advisory, two legal entities.

Plain data, loaded by setup/load_demo.py through the public API (customers and
contacts arrive through ``ingest`` as a CRM would send them).
"""

COMPANIES = {
    "us": {"name": "Meridian Advisory Group Inc.", "currency": "USD", "country": "US",
           "street": "100 Federal Street, 12th floor", "city": "Boston", "zip": "02110",
           "email": "finance@meridian-advisory.example", "phone": "+1 617 555 0100"},
    "uk": {"name": "Meridian Advisory Ltd", "currency": "GBP", "country": "GB",
           "street": "30 Finsbury Square", "city": "London", "zip": "EC2A 1AG",
           "email": "finance.uk@meridian-advisory.example", "phone": "+44 20 7946 0100"},
}

# (external id, name, country, city, street, zip, [(contact external id, name, email)])
CUSTOMERS = {
    "us": [
        ("ACC-000101", "Harborview Health System", "US", "Boston", "55 Fruit Street", "02114",
         [("CON-000201", "Maria Lopez", "mlopez@harborview-health.example"),
          ("CON-000202", "Kevin Duarte", "kduarte@harborview-health.example")]),
        ("ACC-000102", "Granite State Manufacturing", "US", "Manchester", "1 Mill Road", "03101",
         [("CON-000203", "Ruth Okafor", "rokafor@granitemfg.example")]),
        ("ACC-000103", "Liberty Mutual Savings Bank", "US", "Providence", "200 Westminster St", "02903",
         [("CON-000204", "Daniel Cho", "dcho@libertysavings.example"),
          ("CON-000205", "Priya Raman", "praman@libertysavings.example"),
          ("CON-000206", "Tom Becker", "tbecker@libertysavings.example")]),
        ("ACC-000104", "Cobalt Software Inc.", "US", "Cambridge", "1 Kendall Square", "02139",
         [("CON-000207", "Aisha Grant", "agrant@cobaltsoft.example")]),
        ("ACC-000105", "Commonwealth Transit Authority", "US", "Boston", "10 Park Plaza", "02116",
         [("CON-000208", "Sean Murphy", "smurphy@cta-transit.example"),
          ("CON-000209", "Linda Park", "lpark@cta-transit.example")]),
        ("ACC-000106", "Northwind Logistics LLC", "US", "Hartford", "280 Trumbull St", "06103",
         [("CON-000210", "Omar Haddad", "ohaddad@northwind-logistics.example")]),
        ("ACC-000107", "Pioneer Valley University", "US", "Amherst", "181 Presidents Dr", "01003",
         [("CON-000211", "Grace Liu", "gliu@pvu.example"),
          ("CON-000212", "Henry Adams", "hadams@pvu.example")]),
        ("ACC-000108", "Bayside Biotech Corp.", "US", "Waltham", "400 Totten Pond Rd", "02451",
         [("CON-000213", "Elena Petrova", "epetrova@baysidebio.example")]),
        ("ACC-000109", "Atlantic Energy Partners", "US", "Portland", "2 Monument Sq", "04101",
         [("CON-000214", "Marcus Webb", "mwebb@atlantic-energy.example"),
          ("CON-000215", "Nina Shah", "nshah@atlantic-energy.example")]),
        ("ACC-000110", "Summit Retail Group", "US", "Burlington", "75 Cambridge St", "01803",
         [("CON-000216", "Chris Nolan", "cnolan@summitretail.example")]),
        ("ACC-000111", "Evergreen Insurance Co.", "US", "Worcester", "440 Lincoln St", "01653",
         [("CON-000217", "Janet Ruiz", "jruiz@evergreen-ins.example")]),
        ("ACC-000112", "Redline Aerospace", "US", "Nashua", "9 Northeastern Blvd", "03062",
         [("CON-000218", "Victor Hale", "vhale@redline-aero.example"),
          ("CON-000219", "Sofia Marin", "smarin@redline-aero.example")]),
        ("ACC-000113", "City of Lowell", "US", "Lowell", "375 Merrimack St", "01852",
         [("CON-000220", "Patrick O'Neil", "poneil@lowell-city.example")]),
    ],
    "uk": [
        ("ACC-100201", "Thames Valley NHS Trust", "GB", "Reading", "London Road", "RG1 5AN",
         [("CON-100301", "Olivia Hughes", "ohughes@tvnhs.example"),
          ("CON-100302", "James Patel", "jpatel@tvnhs.example")]),
        ("ACC-100202", "Caledonian Rail Ltd", "GB", "Glasgow", "1 Buchanan Street", "G1 3HL",
         [("CON-100303", "Fiona Campbell", "fcampbell@caledonian-rail.example")]),
        ("ACC-100203", "Albion Building Society", "GB", "Leeds", "12 Park Row", "LS1 5HD",
         [("CON-100304", "George Wright", "gwright@albion-bs.example"),
          ("CON-100305", "Hannah Evans", "hevans@albion-bs.example")]),
        ("ACC-100204", "Pennine Foods plc", "GB", "Manchester", "3 Hardman Street", "M3 3HF",
         [("CON-100306", "Ravi Kumar", "rkumar@penninefoods.example")]),
        ("ACC-100205", "Kestrel Analytics Ltd", "GB", "Cambridge", "20 Station Road", "CB1 2JD",
         [("CON-100307", "Emma Clarke", "eclarke@kestrel-analytics.example")]),
        ("ACC-100206", "Severn Water plc", "GB", "Bristol", "1 Temple Quay", "BS1 6DG",
         [("CON-100308", "Tom Fletcher", "tfletcher@severnwater.example"),
          ("CON-100309", "Aaliyah Brown", "abrown@severnwater.example")]),
        ("ACC-100207", "Borough of Camden", "GB", "London", "5 Pancras Square", "N1C 4AG",
         [("CON-100310", "Peter Novak", "pnovak@camden-borough.example")]),
        ("ACC-100208", "Dublin Medical Devices Ltd", "IE", "Dublin", "2 Grand Canal Sq", "D02 A342",
         [("CON-100311", "Siobhan Byrne", "sbyrne@dublinmed.example")]),
        ("ACC-100209", "Rotterdam Port Services BV", "NL", "Rotterdam", "Wilhelminakade 909",
         "3072 AP", [("CON-100312", "Jan de Vries", "jdevries@rps.example")]),
        ("ACC-100210", "Lyon Pharma SAS", "FR", "Lyon", "10 Rue de la Republique", "69001",
         [("CON-100313", "Claire Martin", "cmartin@lyonpharma.example"),
          ("CON-100314", "Luc Bernard", "lbernard@lyonpharma.example")]),
    ],
}

USERS = [
    # login, name, groups, companies
    ("integration", "CRM integration (RPC)",
     ["base.group_user", "ps_sync_core.group_integration"], ["us"]),
    ("finance", "Fiona Reyes (Finance)",
     ["base.group_user", "ps_sync_core.group_finance_reviewer", "account.group_account_invoice"],
     ["us", "uk"]),
    ("syncmgr", "Sam Ortiz (Integrations)",
     ["base.group_user", "ps_sync_core.group_sync_manager"], ["us", "uk"]),
]
