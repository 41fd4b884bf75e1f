"""What simulated participants say: first names, words and sample texts per language.

Texts are per step kind and, for reflections, per theme of the section, so that a rehearsal's
wall reads like a room that listened. `PAIR_NOTES` are what a partner writes to the other in a
pair round that asks for a note, by the theme of the section too (a promise in `integrity`,
appreciation in `building`).
"""
from __future__ import annotations

NAMES = {
    "nl": ["Sanne", "Daan", "Lotte", "Bram", "Fleur", "Joris", "Iris", "Thijs", "Noor", "Ruben",
           "Anouk", "Milan", "Eva", "Sem", "Lieke", "Jesse", "Femke", "Koen", "Marloes", "Wouter",
           "Yara", "Mehmet", "Priya", "Kees", "Ans", "Henk", "Petra", "Youssef", "Linda", "Gijs"],
    "en": ["Emma", "Liam", "Olivia", "Noah", "Ava", "James", "Mia", "Lucas", "Grace", "Ethan",
           "Chloe", "Daniel", "Ruby", "Samuel", "Isla", "Owen", "Zara", "Arjun", "Nina", "Tom",
           "Hannah", "Ben", "Leah", "Marcus", "Sofia", "Ravi", "Ellen", "Joe", "Amara", "Paul"],
}

WORDS = {
    "nl": ["veiligheid", "eerlijkheid", "rust", "thuis", "geborgenheid", "openheid", "respect",
           "loyaliteit", "houvast", "warmte", "kwetsbaarheid", "zekerheid", "liefde", "samen",
           "vrijheid", "afspraken", "betrouwbaar", "geduld", "luisteren", "aandacht", "tijd",
           "steun", "trouw", "humor", "vergeving", "durven", "gezien", "oprecht", "moed", "basis"],
    "en": ["safety", "honesty", "calm", "home", "warmth", "openness", "respect", "loyalty",
           "support", "comfort", "vulnerability", "certainty", "love", "together", "freedom",
           "promises", "reliable", "patience", "listening", "attention", "time", "faithful",
           "humour", "forgiveness", "courage", "seen", "sincere", "foundation", "care", "ease"],
}

# Reflections by the theme of the section they are asked in; "any" when a theme has none.
REFLECTIONS = {
    "nl": {
        "foundation": [
            "Toen ik ziek was en hij gewoon bleef zitten, zonder iets te hoeven zeggen.",
            "Op de avond dat ik over mijn vader vertelde en zij alleen maar luisterde.",
            "Als we samen koken en er niks hoeft. Dat is veilig.",
            "Na een ruzie kwam hij terug en zei: ik ga nergens heen.",
            "Dat ze mijn hand pakte in het ziekenhuis, voordat ik iets vroeg.",
            "Gewoon 's ochtends koffie op bed, elke dag weer.",
        ],
        "communication": [
            "Dat ik mijn zin mocht afmaken zonder dat er meteen een oplossing kwam.",
            "Zij vroeg door in plaats van te verdedigen. Dat voelde als gezien worden.",
            "Ik voel me gehoord als hij zijn telefoon weglegt en me aankijkt.",
            "Toen hij herhaalde wat ik bedoelde en het klopte.",
            "Als we 's avonds even de dag doornemen, zonder haast.",
            "Ik merkte dat ik zelf vaak te snel antwoord. Daar ga ik op letten.",
        ],
        "integrity": [
            "Ik zeg te vaak ja tegen dingen die ik eigenlijk niet kan waarmaken.",
            "Eerlijk zeggen dat ik moe ben, in plaats van beloven dat ik het nog doe.",
            "Mijn grens is het weekend: dan wil ik niet over werk praten.",
            "Minder beloven, meer doen. Dat is mijn voornemen.",
            "Ik vind het moeilijk om nee te zeggen tegen mijn familie.",
            "Kleine afspraken nakomen, zoals op tijd thuis zijn, blijkt veel te betekenen.",
        ],
        "repair": [
            "Dat hij niet meteen uitleg gaf, maar eerst zei dat het hem speet.",
            "Tijd. Niet alles hoeft in één gesprek opgelost.",
            "Dat we het er later nog eens over hadden, toen de emotie gezakt was.",
            "Erkennen dat het pijn deed, ook als het niet zo bedoeld was.",
            "Elke dag een beetje laten zien dat het anders gaat.",
            "Samen een nieuwe afspraak maken en die ook echt nakomen.",
        ],
        "building": [
            "Elke avond één ding noemen waar we dankbaar voor zijn.",
            "Op zondag samen wandelen, zonder telefoons.",
            "Een appje midden op de dag: ik denk aan je.",
            "Elkaar weer vaker bedanken voor gewone dingen.",
            "Eén avond per week die alleen van ons is.",
            "Bij thuiskomst eerst even echt hallo zeggen.",
        ],
        "help": [
            "Wacht niet tot het te laat is. Hulp vragen is sterk, niet zwak.",
            "Praat met iemand buiten jullie twee, dat geeft lucht.",
            "Een relatietherapeut heeft ons echt verder geholpen.",
            "Zoek hulp als jullie steeds in hetzelfde rondje blijven draaien.",
            "Het hoeft geen crisis te zijn om met iemand te gaan praten.",
            "Begin bij de huisarts als je niet weet waar je moet beginnen.",
        ],
        "any": [
            "Dit zet me aan het denken.",
            "Mooi om te merken dat we hier allebei anders naar kijken.",
            "Ik neem dit mee naar huis.",
            "Herkenbaar. Daar gaan we het thuis nog eens over hebben.",
        ],
    },
    "en": {
        "foundation": [
            "When I was ill and he simply stayed, without needing to say anything.",
            "The evening I talked about my father and she just listened.",
            "Cooking together when nothing has to happen. That feels safe.",
            "After a fight he came back and said: I'm not going anywhere.",
            "She took my hand at the hospital before I asked.",
            "Coffee in bed every morning, without fail.",
        ],
        "communication": [
            "Being allowed to finish my sentence without getting a solution straight away.",
            "She asked more instead of defending herself. I felt seen.",
            "I feel heard when he puts his phone away and looks at me.",
            "When he said back what I meant, and he got it right.",
            "Going over the day together in the evening, without rushing.",
            "I noticed I often answer too fast. I'll watch that.",
        ],
        "integrity": [
            "I say yes too often to things I can't really deliver.",
            "Saying honestly that I'm tired instead of promising I'll still do it.",
            "My limit is the weekend: no talking about work then.",
            "Promise less, do more. That's my intention.",
            "I find it hard to say no to my family.",
            "Keeping small promises, like being home on time, turns out to matter a lot.",
        ],
        "repair": [
            "That he didn't explain straight away but first said he was sorry.",
            "Time. Not everything has to be solved in one conversation.",
            "Talking about it again later, once the emotions had settled.",
            "Acknowledging that it hurt, even if it wasn't meant that way.",
            "Showing a little every day that things are different now.",
            "Making a new agreement together, and really keeping it.",
        ],
        "building": [
            "Each evening naming one thing we're grateful for.",
            "A walk together on Sundays, no phones.",
            "A text in the middle of the day: thinking of you.",
            "Thanking each other again for ordinary things.",
            "One evening a week that is just ours.",
            "Really saying hello when we come home.",
        ],
        "help": [
            "Don't wait until it's too late. Asking for help is strength, not weakness.",
            "Talk to someone outside the two of you; it gives air.",
            "A couples therapist really helped us move on.",
            "Get help if you keep going round the same circle.",
            "It doesn't have to be a crisis to talk to someone.",
            "Start with your GP if you don't know where to begin.",
        ],
        "any": [
            "This makes me think.",
            "Interesting that we each see this differently.",
            "I'm taking this home with me.",
            "Recognisable. We'll talk about this again at home.",
        ],
    },
}

# What a partner writes to the other when a pair round asks for a note; "any" for other themes.
PAIR_NOTES = {
    "nl": {
        "integrity": [
            "Ik leg om negen uur mijn telefoon weg, elke avond deze week.",
            "Ik bel je als ik later thuis ben, ook als het maar tien minuten is.",
            "Zaterdag doe ik de boodschappen, zonder dat je het hoeft te vragen.",
            "Ik vraag je elke avond hoe je dag was, en ik luister tot je klaar bent.",
            "Deze week zeg ik het eerlijk als ik iets niet red, in plaats van ja te zeggen.",
            "Woensdag kook ik, en ik ruim ook op.",
        ],
        "building": [
            "Ik bewonder hoe geduldig je bent met de kinderen, ook als je moe bent.",
            "Dank je dat je vorige week zonder iets te zeggen de boodschappen deed.",
            "Ik zie hoe hard je werkt, en ik ben trots op je.",
            "Je maakt me elke dag aan het lachen. Dat is niet niks.",
            "Ik voel me veilig bij jou. Dank je dat je er altijd bent.",
            "Wat fijn dat je mijn moeder zo hartelijk ontvangt.",
        ],
        "any": [
            "Dank je dat je zo goed luisterde.",
            "Ik vond het fijn om dit van je te horen.",
            "Ik ga hier nog over nadenken. Dank je.",
            "Je bent dapper dat je dit zei.",
        ],
    },
    "en": {
        "integrity": [
            "I'll put my phone away at nine every evening this week.",
            "I'll call when I'm late, even if it's only ten minutes.",
            "On Saturday I'll do the shopping without you having to ask.",
            "Every evening I'll ask how your day was, and listen until you're done.",
            "This week I'll say honestly when I can't manage something instead of saying yes.",
            "On Wednesday I'll cook, and I'll clear up too.",
        ],
        "building": [
            "I admire how patient you are with the children, even when you're tired.",
            "Thank you for doing the shopping last week without a word.",
            "I see how hard you work, and I'm proud of you.",
            "You make me laugh every day. That's no small thing.",
            "I feel safe with you. Thank you for always being there.",
            "I love how warmly you welcome my mother.",
        ],
        "any": [
            "Thank you for listening so well.",
            "I liked hearing this from you.",
            "I'll keep thinking about this. Thank you.",
            "It was brave of you to say this.",
        ],
    },
}


def pool(table: dict, language: str):
    return table.get(language) or table["en"]
