"""Neutral filler prose for synthetic pages: towns, libraries, timetables and the editing of this kind of site.

None of it may read like a health statement: `sitegen` checks every generated site with `claims check --strict`,
and `python bench/prose.py` runs each sentence through the detector on its own.
"""

from __future__ import annotations

SENTENCES = [
    "The old station building now holds a small café and a bicycle shop.",
    "Most of the maps in the town archive were drawn by hand in the nineteenth century.",
    "The reading room is on the second floor, next to the map collection.",
    "Visitors may borrow six books at a time from the lending library.",
    "The river runs through the centre of town and under four stone bridges.",
    "A local choir rehearses in the church hall on Thursday evenings.",
    "The market square fills with fruit and flower stalls on Saturdays.",
    "Trains to the coast leave from the second platform.",
    "The timetable changes twice a year, in spring and in autumn.",
    "Bus routes are numbered from the harbour outwards.",
    "The ferry crosses the estuary in about twenty minutes when the tide is high.",
    "Parking near the museum is limited, so many visitors come by tram.",
    "The museum shop sells postcards, guidebooks and prints of the old harbour.",
    "The lighthouse was painted red and white so that sailors could spot it from far away.",
    "A walking trail follows the canal towpath to the next village.",
    "The canal was dug by hand and opened to barges in the eighteenth century.",
    "Each lock on the canal is numbered and has a keeper's cottage beside it.",
    "The town hall clock was made by a family of clockmakers from the valley.",
    "Many street names recall the trades that once filled the old quarter.",
    "Bakers, weavers and rope makers each had their own lane near the docks.",
    "The library catalogue lists books by author, by title and by subject.",
    "Older newspapers are kept on microfilm in the basement of the library.",
    "Staff at the front desk can show visitors how to use the microfilm readers.",
    "The archive asks visitors to use pencils rather than pens near the documents.",
    "Photographs from the collection are scanned and given a short caption.",
    "Every caption names the photographer, the place and the year when it is known.",
    "Volunteers sort letters and parish records into labelled boxes.",
    "A glossary at the back of the guide explains the older words for measures and coins.",
    "The guide is written in short sentences and plain words.",
    "Long words are explained the first time they appear in the text.",
    "Headings divide the text into parts that a reader can scan quickly.",
    "Lists are used when the order of the items does not matter.",
    "Numbered lists are used when the steps follow one another.",
    "Tables put related facts side by side so they are easy to compare.",
    "Links point to other pages that cover a nearby topic in more detail.",
    "The editors meet on the first Monday of each month to plan new pages.",
    "Drafts are shared with two readers before they are published.",
    "Readers are asked whether each sentence was clear on the first reading.",
    "Comments from readers are collected in a shared folder and answered in turn.",
    "Spelling follows the house dictionary, and dates are written with the month in words.",
    "Page titles are kept short so that they fit on one line in the menu.",
    "The menu on the left lists the pages of the current section.",
    "The search box at the top finds words in the titles and in the text.",
    "Printed copies of the guide are available at the information desk.",
    "The information desk is staffed by volunteers from the local history society.",
    "The history society publishes a newsletter four times a year.",
    "Each newsletter has a short article about a building in the old quarter.",
    "The society also runs guided walks through the lanes behind the harbour.",
    "Guided walks start outside the town hall and end at the lighthouse.",
    "Walkers are asked to bring a coat, as the wind off the sea can be strong.",
    "The harbour wall was rebuilt in stone after a storm in the winter of 1881.",
    "Fishing boats still land their catch at the quay early in the morning.",
    "The fish market opens before dawn and closes by mid-morning.",
    "Gulls gather on the roofs of the warehouses whenever the boats come in.",
    "The warehouses now hold studios, a bookshop and a small theatre.",
    "The theatre puts on plays by local writers during the summer festival.",
    "Tickets for the festival go on sale at the box office in early spring.",
    "The box office is next to the main entrance of the theatre.",
    "The botanic garden has a glasshouse full of ferns and palms.",
    "Paths in the garden are marked with the names of the plants in Latin and in English.",
    "A bench near the pond is a favourite spot for reading on sunny afternoons.",
    "The pond is home to ducks, moorhens and a pair of swans.",
    "School groups visit the garden to draw the plants and learn their names.",
    "The county record office holds maps of every farm in the district.",
    "Farm names often describe the shape of the land or the stream that runs beside it.",
    "Old field names are written on the tithe maps in a neat copperplate hand.",
    "The archive lends magnifying glasses to anyone reading small handwriting.",
    "A reader's ticket is issued at the front desk on the first visit.",
    "Bags and coats are left in lockers outside the reading room.",
    "The reading room is quiet, and telephones are switched to silent.",
    "The café on the ground floor serves soup, sandwiches and cake.",
    "A noticeboard by the door lists talks, classes and exhibitions for the month ahead.",
    "The talks cover topics such as shipbuilding, railways and the wool trade.",
    "Recordings of past talks are kept in the sound archive.",
    "The sound archive also holds interviews with people who grew up in the town.",
    "Transcripts of the interviews are typed by volunteers and checked by the editors.",
    "The editors compare each transcript with the recording before it is filed.",
    "Filed transcripts are given a reference number and a short summary.",
    "A summary names the speaker, the date and the places mentioned.",
    "The collection grows each year as families donate letters and photographs.",
    "Donated items are recorded in a register with the name of the donor.",
    "The register of donations is kept in a bound book and in a spreadsheet.",
    "Bound books are stored flat on shelves rather than upright.",
    "The strongroom is kept cool and dry all year round.",
    "Only archive staff enter the strongroom, and they fetch items on request.",
    "Requests are written on a slip with the reference number and the reader's name.",
    "Items usually arrive at the reading room within twenty minutes of a request.",
    "Large maps are unrolled on a wide table and held flat with soft weights.",
    "Readers turn pages slowly and by the corner.",
    "Copies of most items can be ordered at the front desk.",
]

# Openers and town names so that few sentences repeat exactly (a cache must not make the benchmark look fast).
TOWNS = [
    "Arnby", "Bellmouth", "Carrow", "Dunholm", "Eskdale", "Farthing", "Glenross", "Hallowell", "Ivybridge", "Jessop",
    "Kettlewick", "Larkhill", "Marlow Quay", "Netherby", "Oakham Cross", "Pellworth", "Quarrington", "Rosemarket",
    "Saltcote", "Thornbury", "Upwell", "Vale End", "Wrenfield", "Yarrow",
]
OPENERS = [
    "In {town}, ", "At {town}, ", "Over in {town}, ", "As in {town}, ", "On most days, ", "As a rule, ",
    "For many years, ", "Today, ", "In the old guidebooks, ", "According to the society, ", "By tradition, ",
    "In the town records, ", "Locally, ", "As the guide puts it, ",
]

HEADINGS = [
    "The old quarter", "Getting around", "The harbour", "The reading room", "The canal", "Opening times",
    "The town archive", "Maps and plans", "The market square", "Walks and trails", "The botanic garden",
    "The sound archive", "How pages are written", "How pages are edited", "The lending library",
    "Names of streets", "The lighthouse", "The summer festival", "The record office", "Donations",
]

LIST_ITEMS = [
    "A pencil and a notebook", "The reference number of the item", "A reader's ticket", "A coat for the walk",
    "The timetable for the coast line", "A map of the old quarter", "The opening times of the archive",
    "The name of the street or farm", "A list of questions for the staff", "The date of the newsletter",
]

ADMONITION_TITLES = ["About this page", "Before you visit", "A note on names", "Where to start", "In brief"]

TABLE_HEADER = ("Place", "Where to find it", "Opening days")
TABLE_ROWS = [
    ("The reading room", "Second floor", "Tuesday to Saturday"),
    ("The map collection", "Second floor, east wing", "Tuesday to Friday"),
    ("The sound archive", "Basement", "Wednesday and Thursday"),
    ("The café", "Ground floor", "Every day"),
    ("The museum shop", "By the main entrance", "Every day"),
    ("The box office", "Next to the theatre", "Monday to Saturday"),
]

TITLE_WORDS = ("harbour", "canal", "archive", "market", "library", "garden", "lighthouse", "quay", "theatre", "station")
TITLE_KINDS = ("notes", "guide", "walk", "records", "timetable", "history", "plans", "visit")


def check() -> int:
    """Run every piece of prose through the detector alone; print any that reads like a claim."""
    from claimcheck.detect import find_trigger

    openers = [o.format(town=t) for o in OPENERS for t in (TOWNS if "{town}" in o else TOWNS[:1])]
    pieces = [*SENTENCES, *(o + s[0].lower() + s[1:] for o in openers for s in SENTENCES), *HEADINGS, *LIST_ITEMS, *ADMONITION_TITLES, *TABLE_HEADER, *(c for row in TABLE_ROWS for c in row)]
    flagged = [(text, trigger) for text in pieces if (trigger := find_trigger(text)) is not None]
    for text, trigger in flagged:
        print(f"{trigger.rule}: {text[trigger.start:trigger.end]!r} in {text!r}")
    print(f"{len(pieces)} pieces, {len(flagged)} flagged")
    return 1 if flagged else 0


if __name__ == "__main__":
    raise SystemExit(check())
