"""Hand-written sentence frames for the dedup calibration set (Arabic and English news prose).

An "event" fills the slots (who, where, which organisation, how many, which day, what about);
an article about it is a headline and paragraphs of frames. Two articles about one event share
its names and numbers but are written from different frames: related coverage, different words.
The frames are split in two halves: set "A" builds the calibration pairs, set "B" (with events of
its own) the held-out pairs, so the held-out texts share no sentence with what was calibrated on.
"""

AR_FRAMES = [
    "قال {actor} إن {org} ستبدأ خلال الأيام المقبلة تنفيذ خطة جديدة بشأن {topic} في {place}.",
    "أعلن {actor} يوم {day} أن {n} من العاملين في {org} سيشاركون في المرحلة الأولى من المشروع.",
    "وأضاف {actor} في مؤتمر صحفي عقده في {place} أن الحكومة لن تتراجع عن قرارها المتعلق ب{topic}.",
    "وأكدت مصادر مطلعة أن الاجتماع الذي عقد في {place} ناقش تفاصيل {topic} واستمر ساعات طويلة.",
    "وذكرت وكالة الأنباء الرسمية أن {org} خصصت مبلغ {n} مليون دولار لدعم {topic}.",
    "وأشار بيان صادر عن {org} إلى أن اللجنة المختصة ستقدم تقريرها النهائي قبل نهاية الشهر الحالي.",
    "من جهته رحب {actor} بالخطوة ووصفها بأنها بداية مرحلة جديدة من التعاون في {place}.",
    "وفي سياق متصل شهدت {place} يوم {day} احتجاجات شارك فيها نحو {n} شخص طالبوا بتحسين الخدمات.",
    "ويرى مراقبون أن ملف {topic} سيبقى حاضرا على طاولة المفاوضات خلال الأسابيع المقبلة.",
    "وكانت {org} قد حذرت في وقت سابق من تداعيات التأخير في حسم ملف {topic} على الاقتصاد المحلي.",
    "وبحسب الأرقام الرسمية فإن عدد المستفيدين من البرنامج بلغ {n} أسرة في {place} وحدها.",
    "ونقلت صحيفة محلية عن مسؤول رفض الكشف عن اسمه قوله إن الخلافات لا تزال قائمة حول آلية التنفيذ.",
    "وتابع {actor} أن بلاده مستعدة للحوار مع جميع الأطراف من أجل الوصول إلى حل دائم.",
    "وشدد المتحدث باسم {org} على ضرورة احترام المواعيد التي حددتها الاتفاقية الموقعة في {place}.",
    "وتعد هذه الزيارة الأولى من نوعها منذ سنوات، وتأتي في ظل توتر إقليمي متصاعد.",
    "واعتبر خبراء في الشأن الاقتصادي أن القرار سيؤثر بشكل مباشر على أسعار السلع في الأسواق.",
    "وأوضح التقرير أن {n} مشروعا متوقفا سيعاد العمل فيها بعد توفير التمويل اللازم من {org}.",
    "ولم يصدر حتى الآن أي تعليق رسمي من {org} على ما ورد في التقرير.",
    "وطالب نواب في البرلمان بفتح تحقيق عاجل في ملابسات ما جرى في {place} يوم {day}.",
    "وقال شهود عيان إن قوات الأمن انتشرت بكثافة في شوارع {place} منذ ساعات الصباح الأولى.",
    "وأفادت مصادر طبية بأن {n} أشخاص أصيبوا بجروح متفاوتة ونقلوا إلى المستشفيات القريبة.",
    "وأعرب {actor} عن أمله في أن تسهم هذه الخطوات في تخفيف معاناة السكان في {place}.",
    "ويأتي هذا الإعلان بعد أسابيع من المشاورات المكثفة بين {org} والجهات المعنية بملف {topic}.",
    "وتشير التقديرات إلى أن كلفة إعادة الإعمار في {place} قد تتجاوز {n} مليار دولار.",
    # set B
    "صرح {actor} للصحفيين بأن {org} أنهت استعداداتها لإطلاق المرحلة الثانية من ملف {topic}.",
    "وبين {actor} أن العمل في {place} سيستمر على مدار الساعة حتى إنجاز ما تبقى من الأعمال.",
    "وكشف مصدر في {org} أن عدد الطلبات المقدمة تجاوز {n} طلب منذ فتح باب التسجيل يوم {day}.",
    "وفي تطور لافت قررت السلطات في {place} تعليق الدوام الرسمي لمدة ثلاثة أيام.",
    "ولفت المتحدث إلى أن الوزارة تلقت وعودا بتقديم دعم فني من منظمات دولية عدة.",
    "وأثار القرار موجة من الانتقادات على مواقع التواصل الاجتماعي حيث اعتبره كثيرون متسرعا.",
    "وتسعى {org} من خلال هذه الإجراءات إلى الحد من الهدر في الموارد وتحسين كفاءة الإنفاق.",
    "وعلى الصعيد الميداني أفاد مراسلون بأن الهدوء الحذر يسود {place} منذ مساء {day}.",
    "وأشار الخبير الاقتصادي إلى أن معدلات التضخم ارتفعت بنسبة {n} بالمئة خلال العام الماضي.",
    "وتتهم المعارضة الحكومة بالتقصير في إدارة ملف {topic} وتطالب بمحاسبة المسؤولين.",
    "ويشارك في الاجتماعات ممثلون عن {n} دولة إلى جانب مندوبين عن منظمات إقليمية.",
    "وقال {actor} إن الأولوية في المرحلة الحالية هي حماية المدنيين وتأمين الطرق الرئيسية.",
    "ويتوقع أن يصوت البرلمان على مشروع القانون الخاص ب{topic} في جلسته المقبلة.",
    "وختم {actor} حديثه بالتأكيد على أن {place} ستبقى مفتوحة أمام جميع المبادرات الجادة.",
    "وتداول ناشطون صورا تظهر طوابير طويلة أمام محطات الوقود في {place}.",
    "وبحسب مصادر دبلوماسية فإن {org} تلقت رسالة رسمية تتضمن مقترحات جديدة بشأن {topic}.",
    "وقد أثارت تصريحات {actor} ردود فعل متباينة بين الأوساط السياسية في {place}.",
    "وأكد مسؤول في {org} أن الفرق الفنية باشرت أعمال الصيانة في {n} موقعا متضررا.",
    "وتعهدت الحكومة بصرف التعويضات للمتضررين في غضون شهر من تاريخ الإعلان.",
    "واختتمت أعمال المؤتمر في {place} بإصدار بيان ختامي من {n} بندا.",
    "وفي المقابل نفت {org} صحة الأنباء التي تحدثت عن خلافات داخلية حول ملف {topic}.",
    "وأوضح {actor} أن التحقيقات الأولية تشير إلى وجود خلل فني وراء الحادث.",
    "ويخشى السكان في {place} من تكرار الأزمة مع اقتراب فصل الصيف وارتفاع درجات الحرارة.",
    "وتعمل {org} على إعداد قاعدة بيانات شاملة تضم أسماء {n} مستفيد من البرنامج.",
]

EN_FRAMES = [
    "{actor} said on {day} that {org} would begin carrying out a new plan on {topic} in {place} within days.",
    "Speaking to reporters in {place}, {actor} said the government would not back down on {topic}.",
    "According to official figures, {n} families in {place} have benefited from the programme so far.",
    "A statement from {org} said the committee would deliver its final report before the end of the month.",
    "Sources familiar with the talks said the meeting in {place} lasted several hours and focused on {topic}.",
    "{org} has set aside {n} million dollars to support {topic}, the state news agency reported.",
    "Witnesses said security forces had deployed heavily across {place} since early morning.",
    "Medical sources said {n} people were injured and taken to nearby hospitals.",
    "Analysts say {topic} is likely to remain on the negotiating table in the coming weeks.",
    "{org} had earlier warned that delays on {topic} could hurt the local economy.",
    "An official who declined to be named said disagreements over how to implement the deal remained.",
    "{actor} welcomed the move, calling it the start of a new phase of cooperation in {place}.",
    "Lawmakers called for an urgent inquiry into what happened in {place} on {day}.",
    "There was no immediate comment from {org} on the contents of the report.",
    "Reconstruction in {place} could cost more than {n} billion dollars, estimates suggest.",
    "The announcement follows weeks of intense consultations between {org} and the parties involved.",
    "{actor} added that his country was ready to talk to all sides to reach a lasting solution.",
    "Economists said the decision would have a direct effect on prices in local markets.",
    # set B
    "{actor} told journalists that {org} had finished preparing the second phase of {topic}.",
    "Work in {place} will continue around the clock until the remaining projects are completed, {actor} said.",
    "More than {n} applications have been filed since registration opened on {day}, a source at {org} said.",
    "In a surprise move, authorities in {place} suspended official working hours for three days.",
    "The decision drew a wave of criticism on social media, where many called it rushed.",
    "Correspondents reported a cautious calm in {place} since the evening of {day}.",
    "Inflation rose by {n} percent last year, the economist noted.",
    "The opposition accuses the government of mishandling {topic} and wants officials held to account.",
    "Representatives of {n} countries are taking part in the meetings alongside regional organisations.",
    "Parliament is expected to vote on the {topic} bill at its next session.",
    "Activists shared pictures of long queues outside petrol stations in {place}.",
    "Diplomatic sources said {org} had received a formal letter with new proposals on {topic}.",
    "An official at {org} said technical teams had started repairs at {n} damaged sites.",
    "The government pledged to pay compensation to those affected within a month.",
    "{org} denied reports of internal disagreements over {topic}.",
    "Initial investigations point to a technical fault behind the incident, {actor} said.",
    "Residents of {place} fear a repeat of the crisis as summer approaches.",
    "The conference in {place} closed with a final statement of {n} points.",
]

AR_EVENTS = {
    "actor": ["وزير الخارجية العراقي", "رئيس الوزراء", "محافظ البصرة", "وزير النفط", "المتحدث باسم الحكومة",
              "رئيس البرلمان", "وزير الصحة", "قائد العمليات المشتركة", "وزير المالية", "محافظ نينوى",
              "وزير الكهرباء", "رئيس هيئة النزاهة", "وزير التربية", "محافظ الأنبار", "وزير الداخلية",
              "رئيس إقليم كردستان", "وزير الزراعة", "وزير النقل"],
    "place": ["بغداد", "البصرة", "الموصل", "أربيل", "كربلاء", "النجف", "الرمادي", "كركوك", "السليمانية",
              "الناصرية", "الحلة", "تكريت", "دهوك", "بعقوبة", "الكوت", "العمارة", "السماوة", "الفلوجة"],
    "org": ["وزارة التخطيط", "الأمم المتحدة", "البنك الدولي", "هيئة الاستثمار", "وزارة الموارد المائية",
            "منظمة الصحة العالمية", "البنك المركزي", "مجلس المحافظة", "الصليب الأحمر", "وزارة الهجرة",
            "هيئة المنافذ الحدودية", "وزارة الإعمار", "صندوق النقد الدولي", "مفوضية الانتخابات",
            "شركة نفط الشمال", "وزارة الثقافة", "جامعة بغداد", "الاتحاد الأوروبي"],
    "topic": ["إعادة الإعمار", "أزمة الكهرباء", "الموازنة العامة", "المياه والجفاف", "عودة النازحين",
              "مكافحة الفساد", "الانتخابات المبكرة", "أسعار الصرف", "المنافذ الحدودية", "الرعاية الصحية",
              "تطوير الموانئ", "السكن العشوائي", "رواتب الموظفين", "الأمن الغذائي", "التعليم الإلكتروني",
              "تصدير النفط", "حماية الآثار", "النقل العام"],
    "day": ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"],
}

EN_EVENTS = {
    "actor": ["the foreign minister", "the prime minister", "the governor of Basra", "the oil minister",
              "a government spokesman", "the speaker of parliament", "the health minister", "the finance minister",
              "the electricity minister", "the interior minister", "the transport minister", "the mayor"],
    "place": ["Baghdad", "Basra", "Mosul", "Erbil", "Kirkuk", "Najaf", "Karbala", "Ramadi", "Sulaimaniyah",
              "Nasiriyah", "Tikrit", "Duhok"],
    "org": ["the planning ministry", "the United Nations", "the World Bank", "the investment authority",
            "the central bank", "the provincial council", "the Red Cross", "the migration ministry",
            "the IMF", "the election commission", "the European Union", "the ports authority"],
    "topic": ["reconstruction", "the power crisis", "the federal budget", "water shortages",
              "the return of displaced people", "the fight against corruption", "early elections",
              "the exchange rate", "border crossings", "public health", "port development", "public transport"],
    "day": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
}

AR_HEADLINES = ["{actor} يعلن خطة جديدة بشأن {topic}", "{org} تناقش {topic} في {place}",
                "تطورات جديدة في ملف {topic}", "{place}: {actor} يتحدث عن {topic}"]
EN_HEADLINES = ["{actor} announces new plan on {topic}", "{org} discusses {topic} in {place}",
                "New developments on {topic}", "{place}: {actor} speaks on {topic}"]

AR_BOILERPLATE = ["جميع الحقوق محفوظة © 2026", "تابعونا على فيسبوك وتويتر", "اقرأ أيضا: أخبار ذات صلة",
                  "شارك هذا الخبر", "للاشتراك في النشرة البريدية اضغط هنا"]
EN_BOILERPLATE = ["All rights reserved © 2026", "Follow us on Facebook and Twitter", "Read more: related stories",
                  "Share this article", "Sign up for our newsletter"]
AR_DATELINES = ["بغداد - (وكالات) -", "البصرة (رويترز) -", "أربيل - أ ف ب:", "(الأناضول) -"]
EN_DATELINES = ["BAGHDAD (Reuters) -", "BASRA, Iraq (AP) --", "ERBIL (AFP) -", "(Anadolu) -"]
AR_EXTRA = ["وكان الموقع قد نشر في وقت سابق تقريرا مفصلا عن الموضوع ذاته يمكن الرجوع إليه.",
            "يذكر أن الصحيفة تتابع هذا الملف منذ بدايته وستوافي قراءها بالمستجدات أولا بأول."]
EN_EXTRA = ["This website reported on the issue in detail earlier this year.",
            "Our correspondents will keep following the story and report new developments as they happen."]
