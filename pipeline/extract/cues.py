"""Cue words that announce boilerplate, in the languages news is archived in.

Data, not logic: each kind maps to phrases that *open* a block or a line of its kind (a heading
"Related stories", a line "Read also: ...", a label "Published on 12 May"). The rules in
`pipeline.extract.boilerplate` decide with structure (where the phrase stands, how short the line is, how
much of the block is links); a cue alone never removes prose.

Languages: ar, en, fr, es, de, tr, fa, ru, pt, it (phrases are matched on `normalize()`d text,
so Arabic hamza/alef/ta-marbuta variants and diacritics do not matter).
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.normalize import normalize

CUES: dict[str, tuple[str, ...]] = {
    # teasers of other articles: a heading over a list, or a line before one linked title
    "related": (
        "related", "related stories", "related articles", "related content", "related coverage", "related posts",
        "read more", "read also", "also read", "see also", "see more", "more on this", "more on this story",
        "more from", "more stories", "more news", "you may also like", "you might also like", "recommended",
        "recommended for you", "don't miss", "dont miss", "also on", "more:", "what to read next", "read next",
        "up next", "most read", "most popular", "popular", "most shared", "most viewed", "trending", "top stories", "latest news",
        "editor's picks", "in case you missed it", "about this story", "more in", "watch:", "watch more",
        "اقرأ أيضا", "اقرا ايضا", "إقرأ أيضا", "اقرأ المزيد", "مواضيع ذات صلة", "مقالات ذات صلة", "أخبار ذات صلة",
        "ذات صلة", "أخبار ذات علاقة", "مواضيع ذات علاقة", "ذات علاقة", "الأكثر قراءة", "الأكثر مشاهدة", "الأكثر تداولا", "آخر الأخبار", "أخبار متعلقة", "قد يهمك",
        "قد يعجبك", "المزيد", "شاهد أيضا", "اقرأ ايضا", "عن هذه القصة", "مواضيع متعلقة",
        "lire aussi", "à lire aussi", "a lire aussi", "voir aussi", "sur le même sujet", "les plus lus",
        "lire la suite", "articles liés", "à voir aussi",
        "lee también", "leer más", "te puede interesar", "más información", "lo más leído", "noticias relacionadas",
        "relacionado", "ver también", "también te puede interesar",
        "lesen sie auch", "auch interessant", "mehr zum thema", "meistgelesen", "weitere artikel", "das könnte sie",
        "ayrıca okuyun", "bunu da okuyun", "ilgili haberler", "en çok okunan", "i̇lgili haberler", "benzer haberler",
        "بیشتر بخوانید", "بخوانید", "مطالب مرتبط", "اخبار مرتبط", "پربازدیدترین", "پربیننده‌ترین",
        "читайте также", "читать также", "по теме", "самое читаемое", "похожие новости", "смотрите также",
        "leia também", "leia mais", "veja também", "mais lidas", "leggi anche", "potrebbe interessarti",
    ),
    # sign-up boxes, subscriptions, follow-us lines
    "newsletter": (
        "newsletter", "sign up", "sign me up", "signup", "subscribe", "get the latest", "delivered to your inbox",
        "follow us", "join our", "get our", "register for", "download our app", "download the app",
        "اشترك", "اشتركوا", "النشرة", "تابعونا", "تابعوا", "تابعنا", "حمل تطبيق", "انضم",
        "abonnez-vous", "inscrivez-vous", "suivez-nous", "recevez", "newsletter",
        "suscríbete", "suscribete", "regístrate", "síguenos", "recibe",
        "abonnieren", "melden sie sich", "folgen sie uns",
        "abone ol", "bizi takip edin", "bültenimize",
        "عضویت", "مشترک شوید", "ما را دنبال کنید",
        "подпишитесь", "подписывайтесь", "подписаться",
        "assine", "inscreva-se", "receba", "iscriviti",
    ),
    # comment threads
    "comments": (
        "comments", "comment", "leave a reply", "leave a comment", "post a comment", "add a comment",
        "join the conversation", "join the discussion", "thoughts on", "responses to", "replies to",
        "reader comments", "show comments", "view comments", "tell us what you think", "responses",
        "discussion", "discussion about this post", "guest book", "guestbook", "sign the guest book",
        "share a memory", "offer condolences", "condolences", "سجل التعازي", "التعازي", "livre d'or", "condoléances",
        "libro de visitas", "condolencias", "gästebuch", "kondolenzbuch", "taziye", "соболезнования",
        "التعليقات", "تعليقات", "أضف تعليق", "اترك تعليقا", "اترك تعليقاً", "تعليق", "اضف تعليقك",
        "commentaires", "laisser un commentaire", "réagir", "comentarios", "deja un comentario", "comentar",
        "kommentare", "kommentar schreiben", "yorumlar", "yorum yap", "نظرات", "دیدگاه", "ارسال نظر",
        "комментарии", "оставить комментарий", "comentários", "commenti",
    ),
    # share bars
    "share": (
        "share", "share this", "share on", "tweet", "email this", "print", "copy link", "share this article",
        "شارك", "مشاركة", "انشر", "partager", "compartir", "teilen", "paylaş", "اشتراک‌گذاری", "поделиться",
        "compartilhe", "condividi",
    ),
    # labels before a date or a byline ("Published On 24 Sep 2015", "نشر في")
    "dateline": (
        "published", "published on", "updated", "last updated", "posted", "posted on", "first published",
        "نشر في", "نشر بتاريخ", "تاريخ النشر", "آخر تحديث", "اخر تحديث", "تم النشر", "نشر",
        "publié le", "mis à jour", "publicado", "actualizado", "veröffentlicht", "aktualisiert",
        "yayınlanma", "güncelleme", "yayın tarihi", "منتشر شده", "تاریخ انتشار", "به‌روزرسانی",
        "опубликовано", "обновлено", "publicado em", "atualizado", "pubblicato", "aggiornato",
    ),
    # a label before another article of the same story or series ("Previously on this story: <a>...</a>")
    "series": (
        "previously on this story", "previously in this series", "previously", "earlier in this series",
        "previous coverage", "earlier coverage", "more coverage", "related coverage",
        "more in this series", "in this series", "part of the series", "next in this series",
        "in the next episode", "next episode", "next part", "الحلقة السابقة", "في الحلقة السابقة",
        "الحلقة التالية", "الحلقة المقبلة", "الحلقة القادمة", "في الحلقة المقبلة", "الجزء التالي", "prochain épisode",
        "próximo capítulo", "próxima entrega", "nächste folge", "sonraki bölüm", "следующая серия", "من هذه السلسلة", "في هذه السلسلة", "سابقا", "précédemment", "dans cette série",
        "anteriormente", "en esta serie", "zuvor", "in dieser serie", "bu dizide", "daha önce", "در این مجموعه",
        "ранее", "в этой серии", "anteriormente nesta série", "nesta série", "in questa serie", "in precedenza",
    ),
    # a closing note placing the story in a series or a project ("This story is part of ...")
    "part_of": (
        "this story is part of", "this article is part of", "this report is part of", "this piece is part of",
        "this explainer is part of", "this story is one of", "this coverage is part of", "this project is part of",
        "هذا التقرير جزء من", "هذا الشرح جزء من", "هذا المقال جزء من", "هذه المادة جزء من", "هذا الخبر جزء من",
        "هذا التحقيق جزء من", "يأتي هذا التقرير ضمن", "cet article fait partie", "ce reportage fait partie",
        "este artículo forma parte", "este reportaje forma parte", "dieser artikel ist teil", "dieser beitrag ist teil",
        "bu haber dizisi", "эта статья является частью", "este artigo faz parte", "questo articolo fa parte",
    ),
    # the outlet's disclaimer of a column's or a comment's views ("The views expressed in this column are ...")
    "views": (
        "the views expressed", "views expressed in this", "the opinions expressed", "opinions expressed in this",
        "الأخبار المنشورة نقلا عن الوكالات", "الأخبار المنقولة عن الوكالات", "تنشر كما وردت من مصدرها",
        "الآراء الواردة", "الآراء المنشورة", "المقالات المنشورة تعبر عن", "التعليقات المنشورة لا تعبر",
        "les opinions exprimées", "las opiniones expresadas", "die geäußerten meinungen", "ifade edilen görüşler",
        "мнение автора может не совпадать", "as opiniões expressas", "le opinioni espresse",
    ),
    # a republishing widget's button ("Republish this story")
    "republish": (
        "republish this story", "republish this article", "republish", "أعد نشر", "إعادة نشر", "republier",
        "republicar", "neu veröffentlichen", "yeniden yayınla", "перепечатать", "republique", "ripubblica",
    ),
    # a label of the last change, not of the publication
    "updated": (
        "updated", "last updated", "modified", "last modified", "آخر تحديث", "اخر تحديث", "تم التحديث", "حدث في",
        # an aggregator's or an archive's own stamp: when it took the story in, not when it was published
        "added", "added on", "أضيف في", "أضيف", "تاريخ الإضافة", "ajouté le", "añadido", "hinzugefügt", "eklendi",
        "добавлено",
        "mis à jour", "modifié", "actualizado", "aktualisiert", "güncelleme", "güncellendi", "به‌روزرسانی",
        "обновлено", "atualizado", "aggiornato",
    ),
    # "Follow <us / the outlet> on ...": an invitation to the outlet's social accounts
    "follow": (
        "follow", "تابع", "تابعوا", "تابعونا", "تابعنا", "suivez", "síguenos", "siguenos", "sigue", "folgen sie",
        "folge", "takip edin", "bizi takip", "подписывайтесь", "следите", "siga", "segui", "seguici",
    ),
    "social": (
        "facebook", "twitter", "x", "instagram", "telegram", "whatsapp", "youtube", "tiktok", "threads", "linkedin",
        "google news", "فيسبوك", "فيس بوك", "تويتر", "إنستغرام", "انستغرام", "انستجرام", "تيليغرام", "تلغرام",
        "تليجرام", "واتساب", "يوتيوب", "تيك توك", "أخبار جوجل",
    ),
    # a media player's own button: "Listen · 3:45", "Play", "استمع"
    "player": (
        "play", "listen", "watch", "تشغيل", "استمع", "استمعوا", "شاهد", "écouter", "regarder", "escuchar",
        "reproducir", "anhören", "abspielen", "dinle", "izle", "oynat", "слушать", "смотреть", "ouvir",
        "assistir", "ascolta", "guarda",
    ),
    # a call for readers' news tips ("Have a tip about city hall? Email ..."): the newsroom's, not the story's
    "tip": (
        "have a tip", "got a tip", "do you have a tip", "have a news tip", "got a news tip", "send us a tip",
        "send us your tips", "send tips", "tips?", "know something we should", "do you have information",
        "have information about", "هل لديك معلومة", "هل لديك معلومات", "لديك معلومة", "هل لديك خبر",
        "أرسل لنا معلوماتك", "vous avez une information", "vous avez des informations", "une info à nous",
        "¿tienes información", "tienes información", "¿tienes una pista", "haben sie hinweise",
        "haben sie informationen", "ihbarınız mı var", "haber ihbarı", "خبری دارید", "есть информация",
        "есть новость", "tem uma dica", "tem alguma informação", "hai una segnalazione",
    ),
    # the outlet's editorial-standards or ethics-policy link ("Our Standards: The <Outlet> Trust Principles.")
    "standards": (
        "our standards", "editorial standards", "our editorial standards", "editorial guidelines",
        "our editorial guidelines", "editorial policy", "our editorial policy", "ethics policy", "our ethics policy",
        "corrections policy", "our corrections policy", "journalistic standards", "our journalistic standards",
        "معاييرنا", "معايير التحرير", "المعايير التحريرية", "سياسة التحرير", "السياسة التحريرية", "ميثاق التحرير",
        "nos standards", "nos principes", "charte éditoriale", "charte de déontologie", "nuestros estándares",
        "nuestros principios", "principios editoriales", "política editorial", "unsere standards",
        "redaktionelle richtlinien", "unsere grundsätze", "yayın ilkeleri", "yayın ilkelerimiz", "editoryal ilkeler",
        "اصول حرفه‌ای", "سیاست تحریریه", "наши стандарты", "редакционная политика", "nossos padrões",
        "princípios editoriais", "política editorial", "i nostri standard", "linee guida editoriali",
    ),
    # the label of an article's summary points ("Key Points", a widget's "summary" tab)
    "summary": (
        "key points", "key takeaways", "takeaways", "summary", "highlights", "in brief", "at a glance",
        "what you need to know", "النقاط الرئيسية", "أبرز النقاط", "أهم النقاط", "نقاط رئيسية", "باختصار", "ملخص",
        "الخلاصة", "l'essentiel", "en bref", "à retenir", "points clés", "résumé", "en resumen", "resumen",
        "puntos clave", "lo esencial", "das wichtigste", "auf einen blick", "zusammenfassung", "kurz gesagt",
        "özet", "öne çıkanlar", "kısaca", "خلاصه", "نکات کلیدی", "главное", "кратко", "коротко", "основное",
        "resumo", "em resumo", "pontos-chave", "in sintesi", "punti chiave",
    ),
    # a press release's closing sections: the legal disclaimer's heading and the contacts' label
    "disclaimer": (
        "forward-looking statements", "forward looking statements", "forward-looking information",
        "cautionary statement", "cautionary note", "safe harbor statement", "safe harbour statement",
        "البيانات التطلعية", "البيانات المستقبلية", "déclarations prospectives", "énoncés prospectifs",
        "declaraciones prospectivas", "declaraciones a futuro", "zukunftsgerichtete aussagen",
        "ileriye dönük ifadeler", "بیانیه‌های آینده‌نگر", "прогнозные заявления", "заявления о будущем",
        "declarações prospectivas", "dichiarazioni previsionali",
    ),
    # the name of a news agency or a wire service, anywhere in a short credit ("— Continental News Service")
    "agency": (
        "news service", "news agency", "press agency", "wire service", "wire services", "press association",
        "associated press", "reuters", "agence france-presse", "afp", "agencies", "news wire", "newswire",
        "وكالة", "وكالات", "وكالة الأنباء", "رويترز", "فرانس برس", "أسوشيتد برس", "الأناضول", "agence", "agencia",
        "agência", "agentur", "nachrichtenagentur", "ajansı", "ajans", "خبرگزاری", "агентство", "agenzia",
    ),
    # the heading of a box of facts set beside the story: background, figures, a match's sheet
    "factbox": (
        "background", "key facts", "fact box", "factbox", "fast facts", "quick facts", "the facts", "facts",
        "by the numbers", "in numbers", "box score", "lineups", "starting lineups", "line-ups", "scoring summary",
        "match stats", "match facts", "team stats", "if you go", "fact sheet", "useful numbers",
        "important numbers", "emergency numbers", "hotlines", "resources",
        "خلفية", "خلفيات", "حقائق", "حقائق سريعة", "بالأرقام", "في أرقام", "أرقام", "أرقام مهمة", "أرقام الطوارئ",
        "بطاقة الفيلم", "بطاقة المباراة", "بطاقة", "التشكيلة", "تشكيلة الفريقين", "التشكيلتان", "إحصاءات المباراة",
        "إحصائيات المباراة", "في سطور", "معلومات مفيدة",
        "contexte", "repères", "en chiffres", "fiche technique", "les compositions", "contexto", "en cifras",
        "ficha técnica", "alineaciones", "hintergrund", "in zahlen", "steckbrief", "aufstellungen", "arka plan",
        "rakamlarla", "kadrolar", "پیشینه", "در یک نگاه", "справка", "в цифрах", "составы", "em números",
        "escalações", "in cifre", "formazioni",
    ),
    # the label over an organisation's standard description ("About Acme Corp", "نبذة عن شركة أكمي")
    "about": (
        "about", "à propos de", "a propos de", "à propos d'", "acerca de", "sobre", "über", "نبذة عن", "لمحة عن",
        "درباره", "о компании", "informazioni su", "chi è",
    ),
    "contact": (
        "media contact", "media contacts", "investor contact", "investor contacts", "press contact",
        "press contacts", "media inquiries", "investor relations contact", "contact", "contacts",
        "للتواصل الإعلامي", "للاستفسارات الإعلامية", "جهة الاتصال", "contact presse", "contacts presse",
        "contacto de prensa", "contacto para medios", "pressekontakt", "basın iletişim", "ارتباط با رسانه‌ها",
        "контакты для прессы", "контакты для сми", "contato de imprensa", "contatti stampa",
    ),
    # what the page's own widgets say when a script or the browser is missing
    "notice": (
        "please enable javascript", "please turn on javascript", "enable javascript", "turn on javascript",
        "javascript is disabled", "javascript is required", "requires javascript",
        "your browser does not support", "please update your browser",
        "يرجى تفعيل جافا سكريبت", "يرجى تفعيل الجافا سكريبت", "متصفحك لا يدعم",
        "veuillez activer javascript", "activa javascript", "bitte aktivieren sie javascript",
        "javascript'i etkinleştirin", "включите javascript", "ative o javascript", "attiva javascript",
        "an error has occurred, please try again", "something went wrong, please try again",
        "this article has been sent to", "your message has been sent", "حدث خطأ، يرجى المحاولة",
        "une erreur s'est produite", "se ha producido un error", "ein fehler ist aufgetreten",
        # a feedback widget's question ("Was this article helpful?  Yes  No")
        "was this helpful", "was this article helpful", "was this answer helpful", "was this explainer helpful",
        "was this page helpful", "did you find this helpful", "هل كان هذا مفيدا", "هل كان هذا المقال مفيدا",
        "هل كان هذا الشرح مفيدا", "هل كان هذا الخبر مفيدا", "هل كانت هذه المعلومات مفيدة", "هل كانت الإجابة مفيدة",
        "cet article vous a-t-il été utile", "cette réponse vous a-t-elle été utile", "¿te resultó útil",
        "¿te ha resultado útil", "war dieser artikel hilfreich", "war das hilfreich", "bu içerik faydalı mıydı",
        "bu haber faydalı mıydı", "эта статья была полезной", "была ли статья полезной", "isso foi útil",
        "questo articolo ti è stato utile",
    ),
    # a paywall's badge over the story ("Member-only story", "Subscriber exclusive")
    "paywall": (
        "member-only story", "members-only story", "subscriber exclusive", "subscriber-only story",
        "for subscribers only", "exclusive to subscribers", "للمشتركين فقط", "حصري للمشتركين", "محتوى حصري للمشتركين",
        "réservé aux abonnés", "article réservé aux abonnés", "exclusivo para suscriptores", "solo para suscriptores",
        "nur für abonnenten", "abonnentenexklusiv", "abonelere özel", "только для подписчиков", "ویژه مشترکان",
        "exclusivo para assinantes", "riservato agli abbonati",
    ),
    # the story's own "being updated" notice: a state of the page, not a sentence of the story
    "developing": (
        "this story will be updated", "this story is developing", "this is a developing story",
        "this is a breaking news story", "this story has been updated and will be updated", "developing story",
        "check back for updates", "more details to follow", "more to follow", "this article will be updated",
        "الخبر قيد التحديث", "خبر قيد التحديث", "الخبر قيد المتابعة", "التفاصيل لاحقا", "المزيد من التفاصيل لاحقا",
        "تابعونا للمزيد", "cet article sera mis à jour", "article en cours de mise à jour", "noticia en desarrollo",
        "esta noticia se está actualizando", "dieser artikel wird aktualisiert", "haber güncelleniyor",
        "новость дополняется", "notícia em atualização", "notizia in aggiornamento",
    ),
    # tags, categories, filing lines
    "tags": (
        "tags", "tagged", "topics", "filed under", "categories", "category", "keywords",
        "الوسوم", "وسوم", "الكلمات المفتاحية", "كلمات مفتاحية", "التصنيفات", "mots-clés", "étiquettes",
        "etiquetas", "temas", "schlagwörter", "themen", "etiketler", "برچسب‌ها", "کلیدواژه", "теги", "метки",
    ),
    # credits and captions ("Photo: Jane Doe/AFP", "Reading time: 2 min", "© 2024")
    "credit": (
        "photo", "photograph", "image", "picture", "credit", "getty images", "reading time", "min read",
        "translated by", "translation:", "ترجمة:", "ترجمة وتحرير:", "traduit par", "traduction:", "traducción:",
        "traducido por", "übersetzt von", "übersetzung:", "çeviri:", "çeviren:", "ترجمه:", "перевод:", "tradução:",
        "traduzione:",
        "copyright", "all rights reserved", "©", "source:", "هذا الخبر منقول", "الخبر منقول", "منقول من",
        "تصوير", "الصورة", "صورة", "عدسة", "جميع الحقوق محفوظة", "حقوق النشر", "وقت القراءة", "دقائق للقراءة",
        "crédit", "temps de lecture", "tous droits réservés", "foto", "tiempo de lectura", "todos los derechos",
        "bild", "lesezeit", "alle rechte", "fotoğraf", "okuma süresi", "عکس", "زمان مطالعه", "фото",
        "время чтения", "tempo de leitura", "riproduzione riservata",
    ),
    # a source label opening a short line under a chart or a table ("المصدر: دائرة الإحصاءات العامة");
    # only as the line's opening: "وقال المصدر:" ends a sentence that quotes a source
    "source": ("المصدر:", "المصادر:", "fuente:", "quelle:", "kaynak:", "источник:", "fonte:"),
    # a rights notice, wherever it sits in its line ("Copyright 2024 X. All rights reserved. ...")
    "rights": (
        "all rights reserved", "جميع الحقوق محفوظة", "كل الحقوق محفوظة", "tous droits réservés",
        "todos los derechos reservados", "alle rechte vorbehalten", "tüm hakları saklıdır",
        "کلیه حقوق محفوظ است", "все права защищены", "todos os direitos reservados", "tutti i diritti riservati",
        "riproduzione riservata", "may not be published, broadcast, rewritten or redistributed",
        "for your personal, non-commercial use only", "for personal, non-commercial use only",
        "may be republished for free under a creative commons license",
        "يمنع إعادة النشر", "لا يجوز إعادة النشر", "reproduction interdite", "prohibida su reproducción",
    ),
}


# The kinds whose cue heads a section of what it announces ("Related stories" over teasers, "3 Comments"
# over a thread): the block rules remove such a section, and a learnt template leaves its heading to them.
SECTION_KINDS = ("related", "comments", "newsletter", "tags", "share")


def _phrase_pattern(phrases) -> re.Pattern:
    alts = sorted({re.escape(normalize(p)) for p in phrases if normalize(p)}, key=len, reverse=True)
    # The phrase opens the text: "Read also: ...", "اقرأ أيضا", "3 Comments", "12 thoughts on ...".
    return re.compile(r"^\W*(?:\d+\s+)?(?:" + "|".join(alts) + r")(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=None)
def pattern(kind: str) -> re.Pattern:
    return _phrase_pattern(CUES[kind])


@lru_cache(maxsize=None)
def _anywhere(kind: str) -> re.Pattern:
    alts = sorted({re.escape(normalize(p)) for p in CUES[kind] if normalize(p)}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=None)
def _label(kind: str) -> re.Pattern:
    alts = sorted({re.escape(normalize(p).rstrip(":")) for p in CUES[kind] if normalize(p).rstrip(":")},
                  key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")\s*[:：]", re.IGNORECASE)


def labels(text: str, kind: str) -> bool:
    """Does a cue of `kind` stand anywhere in `text` as a label, followed by a colon ("... -
    Photo: Jane Doe", "... - تصوير: ...")?"""
    return bool(_label(kind).search(normalize(text)))


def mentions(text: str, kind: str) -> bool:
    """Does a cue of `kind` occur anywhere in `text` (normalised)?"""
    return bool(_anywhere(kind).search(normalize(text)))


OPENING_CHARS = 160  # a cue opens a text within its first characters: only those are normalised


def opens_with(text: str, *kinds: str) -> str | None:
    """The first kind whose cue opens `text` (normalised), or None."""
    norm = normalize(text[:OPENING_CHARS])
    for kind in kinds or tuple(CUES):
        if pattern(kind).match(norm):
            return kind
    return None
