"""Page furniture of the demo sites: tickers, menus, footers, ads, comment pools, image captions.
None of these strings may appear in an article body (demo/check.py verifies it)."""

# ---- comments ---------------------------------------------------------------------------------
AR_COMMENTERS = ["Anonymous", "أبو علي", "سارة من البصرة", "مواطن عراقي", "حيدر", "أم زينب", "قارئ دائم",
                 "محمد الجبوري", "ابن الرافدين", "نور"]
AR_COMMENTS = [
    "يعني العراق صار سوريا الثانية، كل دولة تريد حصتها من البلد والمواطن هو الخاسر الوحيد. متى نرى حكومة "
    "تفكر بمصلحة الناس قبل مصالح الدول الكبرى؟",
    "التعاون مع أي دولة تساعدنا على داعش شيء جيد، لكن المهم أن يبقى القرار عراقيا وأن لا نتحول إلى ساحة "
    "لتصفية الحسابات بين أمريكا وروسيا.",
    "مقال ممتاز وتحليل واقعي، شكرا للكاتب. أتمنى أن تنشروا المزيد من التقارير الميدانية بدل الاكتفاء "
    "بالبيانات الرسمية التي لا تقول شيئا.",
    "والله تعبنا من الوعود. كل سنة نسمع نفس الكلام عن الكهرباء والخدمات والإصلاح، والنتيجة صفر. نريد "
    "أفعالا لا تصريحات.",
    "أين دور البرلمان من كل هذا؟ النواب مشغولون بامتيازاتهم ورواتبهم ولا أحد يسأل عن مصير الشباب العاطلين "
    "والنازحين في المخيمات.",
    "تحية لأبطال قواتنا الأمنية والعشائر في الأنبار، الله ينصركم ويحفظكم ويرجعكم سالمين إلى أهلكم.",
    "الخبر منقول حرفيا من وكالات الأنباء، على الأقل اذكروا المصدر الأصلي بشكل واضح في بداية الخبر احتراما "
    "للقارئ.",
    "السؤال الحقيقي: من سيدفع ثمن هذا التحالف؟ روسيا تبحث عن مصالحها في سوريا، وإيران عن نفوذها، والعراقي "
    "البسيط لا ينال إلا الخراب.",
    "النفط ثروة الشعب لكن الشعب لا يرى منها شيئا. أرقام بالمليارات والمستشفيات بلا أدوية والمدارس بلا "
    "مقاعد.",
    "أنا من أهالي الرمادي ونازح منذ ستة أشهر في بغداد، ندعو الله أن تتحرر مدينتنا قريبا ونعود إلى بيوتنا "
    "مهما كان حجم الدمار.",
    "لماذا لا تنشرون الخبر كاملا؟ قرأت في موقع آخر تفاصيل أكثر عن المؤتمر الصحفي والأرقام التي أعلنها "
    "المتحدث.",
    "فتح الشوارع خطوة جيدة لكنها متأخرة جدا، بغداد تحولت إلى سجن كبير من الحواجز والسيطرات والزحامات "
    "اليومية.",
    "كلام جميل لكن على أرض الواقع لا شيء يتغير، ننتظر التطبيق الفعلي ونتمنى أن لا يكون مجرد دعاية إعلامية "
    "قبل الانتخابات.",
    "شكرا جريدتنا على المتابعة المستمرة، لكن أرجو الانتباه إلى الأخطاء الإملائية في بعض الفقرات لأنها تضعف "
    "مصداقية الخبر.",
    "ابني سافر الشهر الماضي عن طريق تركيا واليونان ووصل ألمانيا بعد معاناة طويلة، الله يحفظ كل شبابنا "
    "ويجمعنا بهم قريبا.",
    "الكتب والثقافة هي ما تبقى لنا في هذا البلد. كل جمعة أذهب إلى المتنبي مع أولادي حتى يتعلموا أن بغداد "
    "ليست فقط تفجيرات.",
    "المشكلة ليست في المطر بل في الفساد، مليارات صرفت على المجاري ولم نر شيئا. حاسبوا المسؤولين بدل أن "
    "تلوموا السماء.",
    "الرياضة توحد العراقيين أكثر من السياسيين، ننتظر من المنتخب أداء يليق بتاريخه ويرفع رؤوسنا في هذه "
    "الظروف الصعبة.",
    "تقرير جميل ومؤثر، الشباب العراقي مبدع عندما يجد الفرصة، فقط نحتاج دولة تدعمهم بدل أن تضع العراقيل "
    "أمامهم.",
    "أتمنى من الجريدة أن تفتح ملف المياه بشكل أوسع، فالأزمة قادمة لا محالة والحكومة نائمة والمزارعون "
    "يدفعون الثمن.",
    "يعني العراق سوريه الثانية ...",
]

EN_COMMENTERS = ["baghdad_watcher", "J. Miller", "Hassan K.", "oldhand_iraq", "M. Ortega", "Rania",
                 "Pete from Leeds", "Dr. S. Amin", "anon_reader", "Kate W."]
EN_COMMENTS = [
    "So Baghdad is now hosting a Russian-Iranian-Syrian intelligence cell while American advisers sit at "
    "Ain al-Asad. Only in Iraq. Someone in Washington should be asking hard questions about what we have "
    "achieved there.",
    "Good reporting, but the headline oversells it. An office where liaison officers swap reports is not "
    "an alliance, and the piece itself makes that clear further down.",
    "I lived in Baghdad from 2009 to 2012 and people there are exhausted by the great-power games played "
    "over their heads. Nobody asks them what they want.",
    "Putin is playing chess while everyone else plays checkers. He has a base in Syria, a seat at the "
    "table in Baghdad, and the West is still arguing about what to do.",
    "Why is nobody talking about the civilians trapped inside Ramadi? Every article is about road "
    "junctions and air strikes, but hundreds of families are still in there.",
    "The oil numbers are impressive but meaningless if the money disappears before it reaches hospitals "
    "and schools. Follow the money, Tigris Times.",
    "My cousin made the crossing from Izmir to Lesbos in August. He says the boat was built for twenty "
    "people and carried forty-five. Please keep covering this.",
    "Mutanabbi Street is one of the most beautiful places I have ever visited. Thank you for writing about "
    "something other than war for once.",
    "Reuters and AP copy again? I pay for a subscription to read your own reporters, not the same wire "
    "story I saw on three other sites this morning.",
    "Baghdad floods every time it rains more than an inch, and every time officials blame the weather. "
    "Twelve years and billions of dollars later, nothing has changed.",
    "Interesting piece. It would be useful to have a map showing where the front lines actually are, "
    "rather than just names of districts most readers will not know.",
    "The comments section here is usually better informed than most cable news panels. Keep the "
    "discussion civil, everyone, it makes a difference.",
]

# ---- image captions by story ------------------------------------------------------------------
AR_CAPTIONS = {
    "baghdad-intel-centre-2015": [
        "صورة تداولها ناشطون يعتقد أنها لجنود روس في حمص بسوريا (ناشطون)",
        "اجتماع سابق لقادة عسكريين عراقيين في مقر قيادة العمليات المشتركة ببغداد (أرشيف)",
    ],
    "russia-strikes-syria-2015": ["مقاتلة روسية من طراز سوخوي تقلع من قاعدة حميميم قرب اللاذقية (وزارة الدفاع الروسية)"],
    "iraq-russia-military-2020": ["رئيس أركان الجيش العراقي خلال لقائه السفير الروسي في بغداد (وزارة الدفاع العراقية)"],
    "iraq-oil-exports-sep-2015": ["ناقلة نفط تحمل الخام العراقي في ميناء البصرة النفطي جنوبي العراق (أرشيف)"],
    "ramadi-offensive-2015": ["عجلات عسكرية عراقية على طريق مؤد إلى مدينة الرمادي غربي البلاد (أرشيف)"],
    "green-zone-reopening-2015": ["مواطنون يعبرون أحد الطرق التي أعيد فتحها داخل المنطقة الخضراء ببغداد"],
    "tahrir-protests-2015": ["محتجون يرفعون الأعلام العراقية في ساحة التحرير وسط بغداد"],
    "mutanabbi-street-2015": ["باعة الكتب يعرضون بضاعتهم على أرصفة شارع المتنبي صباح الجمعة"],
    "tigris-water-levels-2015": ["قوارب صيد متروكة على ضفة نهر دجلة بعد انخفاض منسوب المياه"],
    "iraq-football-camp-2015": ["لاعبو المنتخب الوطني خلال حصة تدريبية سابقة (أرشيف)"],
    "dinar-exchange-rate-2015": ["صراف يعد أوراقا نقدية من الدولار في سوق الكفاح ببغداد"],
    "private-security-plan-draft": ["صورة أرشيفية لنقطة تفتيش في بغداد"],
    "baghdad-blast-walls-2015": ["آليات أمانة بغداد ترفع الكتل الكونكريتية من شارع الكرادة"],
    "basra-electricity-2015": ["أسلاك المولدات الأهلية تتشابك فوق أحد شوارع البصرة"],
    "diyala-dates-harvest-2015": ["مزارع يجني التمور في أحد بساتين بعقوبة"],
    "karbala-arbaeen-2015": ["زائرون يسيرون على الطريق بين النجف وكربلاء (أرشيف)"],
    "iraqi-migration-europe-2015": ["مهاجرون يصلون على متن قارب مطاطي إلى جزيرة ليسبوس اليونانية"],
    "baghdad-startups-2015": ["شبان يعملون في مساحة عمل مشتركة وسط بغداد"],
    "displaced-camps-winter-2015": ["خيام النازحين في مخيم شاريا قرب دهوك"],
    "iraqi-short-films-2015": ["لقطة من أحد الأفلام القصيرة الفائزة"],
    "baghdad-floods-2015": ["سيارات غمرتها مياه الأمطار في أحد شوارع بغداد"],
    None: ["صورة من الأرشيف"],
}
EN_CAPTIONS = {
    "baghdad-intel-centre-2015": [
        "A Russian AN-124 transport plane at an air base near Latakia, Syria, in a satellite image released "
        "this month. Photograph: Airbus Defence and Space",
        "Iraqi army officers at the Joint Operations Command in Baghdad. Photograph: Tigris Times archive",
    ],
    "russia-strikes-syria-2015": ["A Russian Sukhoi jet takes off from the Hmeimim air base near Latakia. "
                                  "Photograph: Russian defence ministry"],
    "iraq-russia-military-2020": ["Iraq's army chief of staff meets the Russian ambassador in Baghdad. "
                                  "Photograph: Iraqi Ministry of Defence"],
    "iraq-oil-exports-sep-2015": ["An oil tanker loads crude at the Basra oil terminal. Photograph: Tigris Times"],
    "ramadi-offensive-2015": ["Iraqi soldiers on the outskirts of Ramadi. Photograph: Tigris Times"],
    "mutanabbi-street-2015": ["Booksellers on Mutanabbi Street on a Friday morning. Photograph: Layla Hassan"],
    "iraqi-migration-europe-2015": ["Migrants arrive on a rubber dinghy on the Greek island of Lesbos. "
                                    "Photograph: Tigris Times"],
    "baghdad-floods-2015": ["A man wades through a flooded street in Baghdad's Karrada district. "
                            "Photograph: Tigris Times"],
    "obama-putin-un-2015": ["Barack Obama and Vladimir Putin at the United Nations in New York. "
                            "Photograph: Tigris Times"],
    None: ["File photograph"],
}

# ---- per-site furniture -----------------------------------------------------------------------
ALMADA = dict(
    title="جريدة المدى",
    tagline="جريدة سياسية يومية تصدر عن مؤسسة المدى للإعلام والثقافة والفنون",
    ticker_label="أخبار عاجلة",
    ticker=[
        "مجلس الوزراء يقرر تعطيل الدوام الرسمي يوم الخميس المقبل",
        "وزارة الكهرباء: إضافة 400 ميغاواط إلى المنظومة الوطنية خلال أيام",
        "مقتل وإصابة 12 شخصا بانفجار عبوة ناسفة جنوبي بغداد",
        "البرلمان يؤجل جلسته إلى الأسبوع المقبل لعدم اكتمال النصاب",
        "وزير الخارجية يصل إلى نيويورك للمشاركة في اجتماعات الأمم المتحدة",
    ],
    sections={"politics": "سياسية", "local": "محليات", "arab-world": "عربي ودولي", "economy": "اقتصاد",
              "culture": "ثقافة", "sport": "رياضة", "opinion": "آراء وأفكار"},
    ad_label="اعلان ممول",
    ad_text="تخفيضات الخريف في معارض السيارات الحديثة - اتصل الآن واحصل على عرضك",
    share_label="شارك هذا الخبر",
    share=["فيسبوك", "تويتر", "واتساب", "تيليغرام", "نسخ الرابط"],
    read_also="اقرأ أيضا:",
    related="مقالات ذات صلة",
    most_read="الأكثر قراءة",
    join="انضم الى المحادثة",
    chars_left="255 حرف متبقي",
    all_comments="جميع التعليقات",
    comment_button="إرسال التعليق",
    supplements="ملاحق المدى",
    footer=["جميع الحقوق محفوظة © 2024 المدى للإعلام والثقافة والفنون",
            "المدى: صحيفة يومية سياسية مستقلة تصدر في بغداد منذ عام 2003"],
    footer_links=["من نحن", "اتصل بنا", "سياسة الخصوصية", "أرشيف الأعداد"],
    social="linkedin facebook pinterest youtube rss twitter instagram",
    tags_label="الوسوم:",
    top="TOP",
)

RAFIDAIN = dict(
    title="جريدة الرافدين",
    tagline="يومية سياسية مستقلة - بغداد",
    ticker_label="عاجل:",
    ticker=[
        "رئيس الجمهورية يستقبل وفدا من شيوخ عشائر الأنبار",
        "انخفاض درجات الحرارة في المناطق الشمالية مع فرصة لتساقط الأمطار",
        "وزارة التربية تعلن نتائج الدور الثاني للدراسة الإعدادية",
        "افتتاح جسر جديد في منطقة الكاظمية بعد توقف دام سنوات",
    ],
    cats={1: "أخبار محلية", 2: "تقارير", 3: "عربي ودولي", 4: "اقتصاد", 5: "منوعات"},
    menu_title="الأقسام",
    ad_label="اعلان ممول",
    ad_text="للإعلان في جريدة الرافدين اتصل على 07901234567",
    print_label="طباعة",
    send_label="أرسل لصديق",
    font_label="حجم الخط",
    related="مواضيع ذات صلة",
    most_read="الأكثر قراءة",
    comments="التعليقات",
    add_comment="أضف تعليقك",
    form_labels=["الاسم:", "البريد الإلكتروني:", "التعليق:"],
    submit="إرسال",
    comments_note="الآراء الواردة في التعليقات تعبر عن آراء أصحابها ولا تعبر بالضرورة عن رأي الجريدة",
    visitors="عدد الزوار: 1,284,377",
    footer=["جميع الحقوق محفوظة لجريدة الرافدين © 2015", "تصميم وبرمجة: شركة النخيل للحلول البرمجية"],
    newsletter="اشترك في القائمة البريدية ليصلك جديد الأخبار",
)

SAWT = dict(
    title="صوت بغداد",
    tagline="أخبار العراق والعالم على مدار الساعة",
    ticker_label="عاجل",
    ticker=[
        "الأمم المتحدة: ارتفاع عدد النازحين في العراق إلى أكثر من ثلاثة ملايين",
        "إغلاق مطار بغداد الدولي مؤقتا بسبب سوء الأحوال الجوية",
        "أسعار النفط تتراجع مع ارتفاع المخزونات الأميركية",
        "وزارة الصحة تطلق حملة تلقيح ضد شلل الأطفال في المخيمات",
    ],
    sections={"iraq": "العراق", "world": "العالم", "economy": "اقتصاد", "culture": "ثقافة",
              "society": "مجتمع"},
    ad_label="اعلان ممول",
    ad_text="حمّل تطبيق صوت بغداد واحصل على الأخبار العاجلة أولا بأول",
    share_label="شارك",
    share=["فيسبوك", "تويتر", "واتساب", "انسخ الرابط"],
    read_also="اقرأ أيضاً",
    promo="تابعونا على تليغرام للحصول على آخر الأخبار لحظة بلحظة",
    about_story="حول هذه القصة",
    more_on="المزيد من",
    most_read="الأكثر قراءة",
    comments="التعليقات",
    comment_placeholder="اكتب تعليقك هنا...",
    comment_rules="يرجى الالتزام بآداب الحوار وعدم الإساءة",
    comment_sort=["الأحدث", "الأقدم"],
    publish="نشر",
    footer=["© 2024 صوت بغداد. جميع الحقوق محفوظة.", "صوت بغداد منصة إخبارية مستقلة"],
    footer_links=["من نحن", "سياسة الخصوصية", "شروط الاستخدام", "اتصل بنا", "أعلن معنا"],
    app="حمّل التطبيق",
    next_label="الصفحة التالية",
    prev_label="الصفحة السابقة",
    latest_title="آخر الأخبار",
    tags_label="مواضيع:",
)

TIGRIS = dict(
    title="The Tigris Times",
    tagline="Independent news from Iraq and the region",
    ticker_label="BREAKING",
    ticker=[
        "Iraqi parliament postpones vote on reform package",
        "Oil prices edge higher in Asian trade",
        "Explosion reported in southern Baghdad, casualties feared",
        "UN envoy arrives in Baghdad for talks with Kurdish and Sunni leaders",
    ],
    sections={"world": "World", "business": "Business", "culture": "Culture"},
    cookie="We use cookies to improve your experience, personalise content and ads, and analyse our "
           "traffic. By continuing to browse, you agree to our use of cookies.",
    cookie_buttons=["Accept all", "Manage preferences"],
    newsletter_title="Get The Tigris Briefing",
    newsletter="The day's top stories from Iraq and the region, delivered to your inbox every morning.",
    newsletter_button="Sign up",
    newsletter_placeholder="Enter your email address",
    ad_label="Advertisement",
    ad_text="Fly Baghdad to London three times a week. Book now and save 20%",
    share=["Share on Facebook", "Share on Twitter", "Email this story"],
    related="Related stories",
    most_read="Most read",
    comments="Comments",
    join="Join the discussion…",
    sort="Sort by Best",
    powered="Powered by Disqus",
    reply="Reply",
    footer=["© 2015 The Tigris Times Ltd. All rights reserved.",
            "The Tigris Times is not responsible for the content of external sites."],
    footer_links=["About us", "Contact", "Terms of use", "Privacy policy", "Advertise with us"],
    older="Older stories",
    newer="Newer stories",
    topics_label="Topics:",
)
