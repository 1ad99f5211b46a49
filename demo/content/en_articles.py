"""English wire texts and article pages of the demo site tigris ("The Tigris Times").

Both English wires are republished twice on tigris under different slugs and headlines; `dt` is UTC.
"""
from . import P

WIRES = {
    "wire-intel-centre-reuters-en": dict(
        story="baghdad-intel-centre-2015",
        lang="en",
        paras=P("""
BAGHDAD (Reuters) - Iraq's military said on Sunday it had begun sharing intelligence with Russia, Iran
and Syria to counter Islamic State, a move that could deepen Moscow's role in the Middle East as it
builds up its forces in Syria.

A statement from Iraq's Joint Operations Command said the cooperation was driven by Russian concern over
thousands of militants from Russia and former Soviet republics who had joined the group in Iraq and
Syria.

A Russian military-diplomatic source told the Interfax news agency that the four countries would run an
information centre in Baghdad staffed by officers from their general staffs, who would collect and
analyse data on the militants.

The source said the centre would be headed on a rotating basis by officers from each country for three
months at a time, starting with Iraq.

The United States, which leads a coalition carrying out air strikes against Islamic State in both
countries, has been pressing Moscow to explain the purpose of its military build-up near the Syrian port
of Latakia.

Washington has rejected Russian calls to include Syrian President Bashar al-Assad in the fight against
the group, saying his government's war against its own people helped the militants to flourish.

An Iraqi government spokesman said the arrangement did not amount to a military alliance and that
Baghdad remained committed to its partnership with the U.S.-led coalition.

Iraqi officials had denied on Friday reports that a coordination cell had been set up in Baghdad by
Russian, Syrian and Iranian commanders to work with Shi'ite militias backed by Tehran.
"""),
    ),
    "wire-ghanimi-ap-en": dict(
        story="iraq-russia-military-2020",
        lang="en",
        paras=P("""
BAGHDAD (AP) — Iraq and Russia discussed ways to deepen military cooperation, Iraq's Defense Ministry said
Thursday, as relations between Baghdad and Washington remain strained after a U.S. drone strike killed a
top Iranian general near Baghdad's airport last month.

The ministry said Iraq's army chief of staff, Lt. Gen. Othman al-Ghanimi, met Russian Ambassador Maxim
Maximov and a newly arrived military attache in Baghdad. Al-Ghanimi praised Moscow's role in the fight
against the Islamic State group and said Russian equipment had played a major part in decisive battles.

Both sides stressed the importance of sharing information to prevent a resurgence of the militants,
according to the statement, and the ambassador invited al-Ghanimi to visit Russia and meet his
counterpart.

A senior Iraqi military intelligence official told The Associated Press that Russia was among several
countries that had offered military support since the strike, which killed Gen. Qassem Soleimani and
Iraqi militia leader Abu Mahdi al-Muhandis on Jan. 3.

"Iraq still needs aerial surveillance aircraft," said the official, who spoke on condition of anonymity
because he was not authorized to brief reporters. "Some countries, like Russia and Iran, have signaled
they could equip us."

Iraq's parliament passed a non-binding resolution after the strike calling for the expulsion of U.S.
troops, and caretaker Prime Minister Adel Abdul-Mahdi publicly called for their withdrawal.

Two senior Iraqi military officials said the government had told the army not to seek U.S. help in joint
combat operations against IS, a sign of how far cooperation has been curtailed.

The top U.S. commander in the Middle East, Gen. Frank McKenzie, said recently that relations with Iraq
were going through "a period of turbulence," but that some training and special operations missions had
continued.
"""),
    ),
}

TIGRIS = [
    dict(
        path="/news/2015/09/iraq-intelligence-sharing-russia-iran-syria.html", dt="2015-09-27T14:20",
        section="world", byline=None, credit="Reuters", wire="wire-intel-centre-reuters-en",
        title="Iraq shares intelligence with Russia, Iran and Syria on Islamic State",
        dateline=None, drop_last=0, spelling=[], edits=[],
    ),
    dict(
        path="/news/2015/09/four-nations-baghdad-intelligence-center.html", dt="2015-09-27T19:05",
        section="world", byline=None, credit="Reuters", wire="wire-intel-centre-reuters-en",
        title="Four nations to run Baghdad intelligence center against militants",
        dateline=None, drop_last=1, spelling=["en_us"],
        edits=[("BAGHDAD (Reuters) -", "BAGHDAD, Sept 27 (Reuters) -"),
               ("has been pressing Moscow to explain the purpose of its military build-up",
                "has repeatedly asked Moscow to explain the purpose of its military build-up")],
    ),
    dict(
        path="/news/2015/09/baghdad-intelligence-cell-analysis.html", dt="2015-09-28T09:00",
        section="world", byline=("By", "Sarah Whitfield"), credit=None, story="baghdad-intel-centre-2015",
        title="Baghdad's new intelligence cell puts Iraq between two powers",
        paras=P("""
When Iraqi officers announced over the weekend that they would sit in the same room as Russian, Iranian
and Syrian counterparts to pool what they know about Islamic State, few in Baghdad's political class
were surprised.

For months, Iraqi commanders have complained privately that American air support arrives too slowly and
that promised weapons deliveries are stuck in paperwork in Washington. The new arrangement, officials
say, is meant to show that Iraq has options.

"We will take help from anyone who is fighting Daesh," one adviser to Prime Minister Haider al-Abadi told
The Tigris Times, using the Arabic acronym for the group. "That is not the same as choosing sides."

Diplomats in the capital are less sure. A cell run by Moscow, Tehran and Damascus inside the Iraqi
capital, they argue, gives Russia a foothold in a country where the United States has spent billions of
dollars and thousands of lives since 2003.

Kurdish officials in Erbil, who rely heavily on American and European support, said they had not been
consulted and would not share their own intelligence with the new centre.

The practical value of the cell remains unclear. Iraqi security officials describe it as a small office
where liaison officers exchange reports on foreign fighters, particularly those from Chechnya and Central
Asia.

But its symbolism is harder to ignore, arriving days before Russian President Vladimir Putin is due to
address the United Nations General Assembly and meet President Barack Obama.

For ordinary Iraqis, the debate can seem remote. In Baghdad's Karrada district, shopkeeper Ali Hussein
shrugged when asked about the news. "Americans, Russians, Iranians," he said. "We just want the
electricity to stay on."
"""),
    ),
    dict(
        path="/news/2015/09/obama-putin-un-syria.html", dt="2015-09-28T23:10",
        section="world", byline=("By", "James Porter"), credit=None, story="obama-putin-un-2015",
        title="Obama and Putin clash over Syria at the UN, then meet for 90 minutes",
        paras=P("""
President Barack Obama and Russian President Vladimir Putin clashed over the future of Syria at the United
Nations on Monday, before sitting down for their first formal meeting in nearly a year.

In back-to-back speeches to the General Assembly, Obama said the United States was prepared to work with
any nation, including Russia and Iran, to resolve the conflict, but insisted there could be no return to
the "pre-war status quo" with Bashar al-Assad in power.

Putin countered that refusing to cooperate with the Syrian government and its army was "an enormous
mistake," and called for a broad international coalition against terrorism similar to the alliance that
defeated Nazi Germany.

The two leaders met for about 90 minutes after a lunch hosted by the U.N. secretary-general. A senior U.S.
official described the meeting as "business-like" and said the two sides agreed to explore military talks
to avoid conflicts in the skies over Syria.

Putin told reporters afterwards that the meeting had been "very useful and surprisingly frank," but said
Russia had no plans to send ground troops to Syria.

Moscow's announcement over the weekend of an intelligence-sharing arrangement with Iraq, Iran and Syria
has added to Washington's unease about Russia's expanding role in the region.

Diplomats said the gap between the two sides on Assad's fate remained wide, leaving little immediate
prospect of a political settlement to a war that has killed more than 250,000 people.
"""),
    ),
    dict(
        path="/news/2015/09/russia-air-strikes-syria.html", dt="2015-09-30T17:45",
        section="world", byline=("By", "Tom Aldridge"), credit=None, story="russia-strikes-syria-2015",
        title="Russia launches first air strikes in Syria as US questions targets",
        paras=P("""
Russian warplanes carried out their first air strikes in Syria on Wednesday, hours after lawmakers in
Moscow gave President Vladimir Putin permission to deploy the military abroad, marking Moscow's deepest
involvement in the Middle East in decades.

The Russian defence ministry said its jets had hit Islamic State positions, including weapons depots and
command posts. But U.S. officials and Syrian opposition activists said the targets appeared to be
rebel-held towns north of Homs where the group has little or no presence.

A Russian official delivered a warning to the U.S. embassy in Baghdad about an hour before the strikes
began, asking American aircraft to stay out of Syrian airspace, according to a U.S. official. Washington
said it would continue its own campaign.

Defense Secretary Ash Carter said Russia's approach was "doomed to fail," arguing that backing Bashar
al-Assad while claiming to fight extremists was "pouring gasoline on the fire."

The Kremlin insisted the operation would be limited to air power and would not involve ground troops.
Putin said Russia was acting preemptively to stop militants from returning home to threaten Russia.

In Baghdad, the strikes were watched closely. Iraqi officials said the new intelligence centre shared with
Russia, Iran and Syria would help coordinate efforts against the group on both sides of the border.

Residents of the Syrian town of Talbiseh, in Homs province, posted videos showing collapsed buildings and
said civilians, including children, were among the dead. The claims could not be independently verified.
"""),
    ),
    dict(
        path="/news/2015/09/young-iraqis-leave-for-europe.html", dt="2015-09-16T08:30",
        section="world", byline=("By", "Sarah Whitfield"), credit=None, story="iraqi-migration-europe-2015",
        title="'The sea is kinder than waiting': young Iraqis join the road to Europe",
        paras=P("""
The queue outside the passport office in Baghdad's Mansour district begins before dawn. Most of the young
men in it are not planning holidays. They are planning to leave Iraq, many of them for good.

Iraqis have joined Syrians and Afghans in the wave of migrants crossing from Turkey to the Greek islands
this summer. Travel agents in the capital say bookings on flights to Istanbul have tripled since July.

"There is no work, no future, and every week a new bomb," said Mustafa, a 24-year-old accounting graduate
who asked that his family name not be published. He has sold his car to pay a smuggler about $3,000 for a
place on a rubber boat.

The exodus has alarmed officials. Prime Minister Haider al-Abadi has urged young people to stay and help
rebuild the country, and the migration ministry says it is tracking Iraqis stranded in transit countries.

But many of those leaving say the government's reform promises, made in response to weeks of street
protests, have yet to change anything in their daily lives.

Human rights groups warn that the journey is dangerous. Dozens of people have drowned in the Aegean this
year, and those who reach Europe face long waits for asylum decisions, often in crowded reception
centres.

For families left behind, the departures bring a mixture of hope and grief. "I am proud of him and afraid
for him at the same time," said Mustafa's mother. "I only ask that he calls me from every country."
"""),
    ),
    dict(
        path="/news/2015/10/iraq-oil-exports-september.html", dt="2015-10-01T15:00",
        section="business", byline=("By", "Nadia Karim"), credit=None, story="iraq-oil-exports-sep-2015",
        title="Iraq keeps oil exports above 3 million barrels a day as prices bite",
        paras=P("""
Iraq exported an average of just over 3 million barrels of oil a day in September, the oil ministry said
on Thursday, keeping output near record levels even as falling prices squeeze the government's budget.

Ministry spokesman Asim Jihad said total exports for the month topped 92 million barrels, earning the
country around $3.6 billion. Most of the crude was shipped from southern terminals near Basra, with
smaller volumes pumped from Kirkuk through a pipeline to the Turkish port of Ceyhan.

The figures underline how dependent Baghdad remains on oil, which accounts for nearly all of its revenue.
With prices hovering around $45 a barrel, less than half of last year's peak, the government has cut
spending and delayed investment projects.

Economists warn that public sector salaries, which account for a large share of the budget, could come
under pressure next year if prices do not recover.

The semi-autonomous Kurdistan Region, which has been selling oil independently through Turkey since June,
is not included in the federal export figures. The dispute over Kurdish exports and Baghdad's budget
payments to Erbil remains unresolved.

Iraq, OPEC's second-biggest producer, has ambitious plans to raise capacity, but foreign oil companies
operating in the south have asked the ministry to cut spending on development because of the price slump.
"""),
    ),
    dict(
        path="/news/2015/10/mutanabbi-street-books.html", dt="2015-10-02T11:00",
        section="culture", byline=("By", "Layla Hassan"), credit=None, story="mutanabbi-street-2015",
        title="On Mutanabbi Street, Baghdad's readers refuse to give up",
        paras=P("""
Every Friday morning, Baghdad's Mutanabbi Street fills with readers. Booksellers spread their stock
across the pavement, from dog-eared Russian novels in Arabic translation to glossy self-help titles,
while poets recite in the courtyard of a nearby cultural centre.

The street, named after a tenth-century poet, has been the heart of the capital's book trade for
generations. It was devastated by a car bomb in March 2007 that killed dozens of people and destroyed
printing shops and cafes.

Today it is busier than ever. "People come here to breathe," said Abu Hussein, who has sold books on the
street for more than three decades. "Whatever happens in the country, the Friday crowd comes."

At the Shabandar cafe, the street's best-known gathering place, writers and artists crowd around small
tables drinking sweet tea. Its owner lost several sons in the 2007 attack, and their photographs still
hang on the wall.

Booksellers say prices have risen because of shipping costs and the falling value of the dinar, and that
younger readers increasingly buy contemporary Arabic novels rather than classics.

Intellectuals have called for the Baghdad International Book Fair to be held every year and for customs
duties on imported books to be reduced, arguing that culture should be part of the country's recovery.
"""),
    ),
    dict(
        path="/news/2015/10/ramadi-offensive-junctions.html", dt="2015-10-11T16:40",
        section="world", byline=("By", "Tom Aldridge"), credit=None, story="ramadi-offensive-2015",
        title="Iraqi forces edge into Ramadi outskirts, slowed by bombs",
        paras=P("""
Iraqi troops backed by Sunni tribal fighters and coalition air strikes pushed into areas on the northern
and western edges of Ramadi, military officials said on Sunday, in the latest push to retake the city
from Islamic State.

A spokesman for the Joint Operations Command said army units and the elite counter-terrorism service had
seized several key road junctions around the capital of Anbar province, which fell to the militants in
May.

Progress has been slow. Officers describe roads and houses rigged with thousands of homemade bombs,
forcing engineers to clear ground metre by metre before armoured vehicles can advance.

Local officials estimate that several hundred families remain trapped inside Ramadi, and aid agencies
have called on all sides to allow civilians safe passage out of the city.

The United States has trained and equipped some of the units involved and has pressed Baghdad to rely on
the army and local tribes, rather than Iranian-backed Shi'ite militias, to retake the mainly Sunni city.

Iraqi commanders say retaking Ramadi would open the way for an offensive on nearby Falluja and,
eventually, on Mosul, the largest city under Islamic State control.
"""),
    ),
    dict(
        path="/news/2015/10/baghdad-floods-holiday.html", dt="2015-10-28T20:15",
        section="world", byline=("By", "Layla Hassan"), credit=None, story="baghdad-floods-2015",
        title="Baghdad declares holiday as torrential rain floods the capital",
        paras=P("""
Torrential rain flooded large parts of Baghdad on Wednesday, submerging streets, cars and homes and
prompting the government to declare Thursday a public holiday so that crews could pump the water away.

Main roads in Karrada, Mansour and Sadr City turned into lakes within hours. Residents waded through
knee-deep water to reach their homes, and some paddled makeshift boats along flooded avenues.

The city's municipality said the volume of rain had overwhelmed a drainage network built for a much
smaller population, and that all of its pumps had been deployed.

Many residents blamed corruption, pointing to sewage and drainage projects that had been announced and
paid for over the past decade but never completed.

The electricity ministry cut power to some flooded neighbourhoods after several people were electrocuted
in Baghdad and other provinces.

The floods added to frustration that has fuelled weekly protests in Tahrir Square since the summer, with
demonstrators demanding better services and an end to graft.

Forecasters predicted more rain across central and southern Iraq through the weekend and urged people to
stay indoors unless their journeys were essential.
"""),
    ),
    dict(
        path="/news/2020/02/iraq-russia-military-ties.html", dt="2020-02-06T16:30",
        section="world", byline=None, credit="Associated Press", wire="wire-ghanimi-ap-en",
        title="Iraq, Russia discuss deeper military ties amid strain with US",
        dateline=None, drop_last=0, spelling=[], edits=[],
    ),
    dict(
        path="/news/2020/02/russia-courts-iraq-military.html", dt="2020-02-07T08:00",
        section="world", byline=None, credit="Associated Press", wire="wire-ghanimi-ap-en",
        title="Russia courts Iraq's military as ties with Washington fray",
        dateline=None, drop_last=1, spelling=["en_gb"],
        edits=[("BAGHDAD (AP) —", "BAGHDAD (AP) -"),
               ("Both sides stressed the importance of sharing information",
                "The two sides also stressed the importance of sharing information")],
    ),
    dict(
        path="/news/2015/10/in-pictures-baghdad-floods.html", dt="2015-10-29T09:00", section="world",
        kind="gallery", expect="reject", story=None,
        title="In pictures: Baghdad under water",
        short="Scenes from the Iraqi capital after a day of torrential rain. Click the arrows to browse.",
    ),
]
