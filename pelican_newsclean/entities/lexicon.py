"""Closed word lists the entity rules read: titles, head nouns, demonyms, junk.

These are lists of French *common* words (ranks, professions, the nouns that
head an organisation or an event name, nationality words), never lists of
names: the rules that use them must work on people and places nobody has
seen yet. Every entry is written in "key" form (lower case, no accents,
straight apostrophe), the form :func:`pelican_newsclean.entities.canonical.fold`
returns, so lookups are one set membership test.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Titles of address, ranks, offices and professions that come right before a
#: person's name (``le colonel général Iounous-bek Evkourov``, ``M. Macron``,
#: ``l'attaquant Ousmane Dembélé``). Several may follow each other.
PERSON_TITLES = _words(
    """
    m. m mm. mme mmes mlle me maitre dr dr. docteur pr pr. professeur mgr mgr.
    monsieur madame mademoiselle sir lord dame
    president presidente vice-president vice-presidente
    premier premiere ministre vice-ministre vice-premier secretaire sous-secretaire
    porte-parole chef cheffe
    marechal general generale colonel lieutenant lieutenant-colonel capitaine
    commandant amiral vice-amiral contre-amiral sergent caporal adjudant brigadier
    roi reine prince princesse duc duchesse comte comtesse emir cheikh sultan
    pape cardinal archeveque eveque abbe pasteur imam ayatollah rabbin
    senateur senatrice depute deputee eurodepute eurodeputee maire adjoint adjointe
    prefet prefete gouverneur gouverneure chancelier chanceliere ambassadeur
    ambassadrice consul diplomate juge procureur procureure avocat avocate
    commissaire inspecteur directeur directrice patron patronne pdg dirigeant
    dirigeante fondateur fondatrice cofondateur cofondatrice
    entraineur entraineuse selectionneur selectionneuse attaquant attaquante
    defenseur milieu gardien gardienne joueur joueuse pilote coureur coureuse
    boxeur boxeuse nageur nageuse perchiste sprinteur sprinteuse tenniswoman
    champion championne capitaine
    acteur actrice comedien comedienne chanteur chanteuse rappeur rappeuse
    musicien musicienne cineaste realisateur realisatrice producteur productrice
    ecrivain ecrivaine romancier romanciere auteur autrice poete philosophe
    journaliste reporter photographe artiste peintre sculpteur architecte
    chercheur chercheuse economiste historien historienne sociologue politologue
    militant militante opposant opposante dissident dissidente candidat candidate
    leader syndicaliste eleveur agriculteur medecin infirmier infirmiere
    chirurgien chirurgienne epidemiologiste virologue
    """
)

#: Words that may come between a title and the name without ending the title
#: (``l'ancien président``, ``le ministre délégué``, ``le président ukrainien``
#: is handled by allowing any lower-case adjective, these are the ones
#: *before* the title).
TITLE_QUALIFIERS = _words(
    "ancien ancienne ex ex- feu futur future nouveau nouvelle actuel actuelle"
)

#: Lower-case words that can never be part of a title phrase: when one is met
#: after a title, the title is a role (``le porte-parole du maréchal``), not a
#: prefix of a name.
FUNCTION_WORDS = _words(
    """
    de du des d' la le les l' un une et ou a au aux en dans sur sous par pour avec
    sans chez vers contre entre depuis apres avant selon que qui quoi dont ou ne
    pas plus est sont a ont avait avaient etait sera serait fut ete se sa son ses
    leur leurs ce cet cette ces il elle ils elles on y qu' s' n' c'
    """
)

#: Articles, possessives and demonstratives: one opening a sentence, followed
#: by lower-case words only (``La prochaine étape``, ``Mon expérience``), makes
#: a noun phrase, not a name (``La Poste``, ``Les Républicains`` go on with a
#: capital).
DETERMINERS = _words(
    """
    le la les un une des du mon ma mes ton ta tes son sa ses notre nos votre vos
    leur leurs ce cet cette ces
    """
)

#: Particles inside a personal name (``Charles de Gaulle``, ``Ahmad al-Mesmari``,
#: ``Ursula von der Leyen``); allowed only between two capitalised words.
NAME_PARTICLES = _words(
    "de du d' des van von der den ben bin ibn el al da di dos das del della la le"
)

#: Head nouns of organisation names: a name starting with one is an
#: organisation whatever the model said (``ministère russe de la Défense``,
#: ``Cour de cassation``, ``université Howard``).
ORGANIZATION_HEADS = _words(
    """
    ministere secretariat agence parti armee conseil banque federation union
    commission comite universite ecole institut fondation association syndicat
    confederation ligue assemblee senat parlement gouvernement cour tribunal
    parquet prefecture mairie office bureau autorite haute-autorite direction
    societe compagnie groupe entreprise organisation organisme observatoire
    academie centre conservatoire caisse fonds front mouvement
    alliance coalition rassemblement garde police gendarmerie brigade
    regiment etat-major commandement service services chambre
    club lycee college hopital chu clinique laboratoire orchestre
    fraternite collectif reseau
    """
)

#: Head nouns of event names (``Festival de Cannes``, ``XIe Conférence
#: internationale de Moscou``, ``sommet de Bruxelles``).
EVENT_HEADS = _words(
    """
    conference sommet summit forum festival salon biennale triennale exposition
    congres colloque symposium rencontres assises championnat championnats coupe
    tournoi jeux olympiades mondial mondiaux marathon rallye grand-prix open
    ceremonie gala
    cop g7 g20 concile conclave election elections referendum primaire primaires
    guerre bataille revolution
    """
)

#: Topics that may follow an event name and belong to it
#: (``Conférence de Munich sur la sécurité``).
EVENT_TOPIC_HEADS = _words(
    "conference sommet summit forum colloque congres symposium rencontres assises"
)

#: Common nouns that, right before a name, say it names a place
#: (``le court Philippe-Chatrier``, ``l'aéroport Charles-de-Gaulle``).
VENUE_NOUNS = _words(
    """
    rue avenue boulevard place quai pont port aeroport gare stade court salle
    parc jardin palais chateau pic mont massif lac fleuve riviere ile
    esplanade square allee impasse route autoroute circuit velodrome arena
    """
)

#: Venue nouns that may take *de*/*d’* before the name they are named after
#: (``rue d’Aubagne``, ``quai des Orfèvres``): the whole is the place.
STREET_NOUNS = _words("rue avenue boulevard quai allee impasse")

#: Common nouns that, right before a name, say it names an organisation
#: (``le constructeur automobile Stellantis``, ``le journal L'Équipe``).
ORGANIZATION_CUES = _words(
    """
    constructeur groupe societe entreprise compagnie firme geant enseigne
    start-up startup laboratoire banque assureur operateur editeur distributeur
    journal quotidien hebdomadaire magazine chaine radio site media agence
    club equipe formation parti syndicat association ong fondation mouvement
    collectif organisation reseau messagerie plateforme application
    bailleur television televisions fabricant equipementier marque label studio
    transporteur
    """
)

#: Common nouns that, as a *later* word of a name, make it an organisation
#: (``Marseille Habitat``, ``UAE Team Emirates``, ``Air France Industries``).
ORGANIZATION_INNER_WORDS = _words(
    """
    habitat team group groupe bank banque airlines airways holding telecom
    media medias records studios pictures motors energies capital partners
    fc sa sas inc ltd gmbh assurances mutuelle
    """
)

#: Frequent French words that open a line or a sentence with a capital and
#: name nothing: verbs of reading and navigation (``Lire aussi :``,
#: ``Regarder la vidéo``), editorial labels, adverbs and connectives. A
#: one-word mention there that is one of these is dropped.
COMMON_WORDS = _words(
    """
    lire voir regarder ecouter decouvrir suivre retrouver consulter partager
    commenter telecharger revoir relire abonnez-vous cliquez decouvrez
    retrouvez regardez ecoutez lisez suivez voici voila
    aussi notamment encore desormais deja surtout ensuite puis enfin bref
    video videos photo photos infographie entretien analyse decryptage
    editorial edito chronique tribune temoignage reportage portrait enquete
    archives direct alerte exclusif info infos podcast diaporama sommaire
    publicite lecture recit
    mais et ou donc or ni car selon apres avant depuis pendant lors alors
    ainsi cependant pourtant toutefois neanmoins certes outre face malgre
    parmi sauf hormis quant
    """
)


#: Verbs and nouns of saying and publishing: ``a indiqué ... sur Telegram``
#: makes Telegram a medium, not a place.
COMMUNICATION_CUES = _words(
    """
    indique indiquee annonce annoncee ecrit ecrite publie publiee poste postee
    declare declaree affirme affirmee diffuse diffusee partage partagee reagi
    denonce explique explique souligne precise salue saluee assure assuree
    ecrivait publiait message messages video videos communique publication
    compte chaine live direct tweet tweete interview entretien
    """
)

#: Nationality words, masculine singular; feminine and plural forms are
#: derived by :func:`_inflect`. Place names that double as demonyms
#: (``Corse``, ``Basque`` as in Pays basque) are left out on purpose.
_DEMONYM_STEMS = """
    francais allemand anglais britannique irlandais ecossais gallois espagnol
    portugais italien grec suisse belge neerlandais hollandais luxembourgeois
    autrichien danois suedois norvegien finlandais islandais polonais tcheque
    slovaque hongrois roumain bulgare serbe croate slovene bosnien albanais
    macedonien montenegrin kosovar ukrainien russe bielorusse moldave georgien
    armenien azerbaidjanais turc chypriote maltais estonien letton lituanien
    americain canadien mexicain cubain haitien bresilien argentin chilien
    peruvien colombien venezuelien bolivien equatorien uruguayen paraguayen
    chinois japonais coreen nord-coreen sud-coreen vietnamien thailandais
    cambodgien laotien birman indien pakistanais afghan bangladais nepalais
    srilankais indonesien malaisien philippin singapourien australien
    neo-zelandais iranien irakien syrien libanais jordanien israelien
    palestinien saoudien yemenite omanais emirati qatari koweitien bahreini
    egyptien libyen tunisien algerien marocain mauritanien soudanais ethiopien
    erythreen somalien kenyan ougandais rwandais burundais congolais gabonais
    camerounais nigerian nigerien tchadien malien burkinabe senegalais guineen
    ivoirien ghaneen togolais beninois liberien sierra-leonais gambien
    angolais mozambicain zambien zimbabween malgache sud-africain namibien
    kazakh ouzbek tadjik kirghize turkmene mongol tibetain ouighour kurde
    arabe europeen africain asiatique sahraoui touareg
    parisien marseillais lyonnais toulousain nicois nantais strasbourgeois
    bordelais lillois rennais breton normand alsacien provencal savoyard
    francilien
"""


#: Feminines not made by a suffix (``grec`` -> ``grecque``, not ``grece``,
#: which is Grèce).
_IRREGULAR_FEMININES = {"grec": "grecque", "turc": "turque"}


def _inflect(stem: str) -> set[str]:
    """Masculine singular -> its four forms (``ivoirien`` -> ``ivoiriennes``...)."""
    if stem in _IRREGULAR_FEMININES:
        feminine = _IRREGULAR_FEMININES[stem]
        return {stem, stem + "s", feminine, feminine + "s"}
    if stem.endswith("e"):
        return {stem, stem + "s"}
    if stem.endswith(("ais", "ois")):
        return {stem, stem + "e", stem + "es"}
    if stem.endswith("en"):
        return {stem, stem + "s", stem + "ne", stem + "nes"}
    if stem.endswith(("i", "k")):
        return {stem, stem + "s", stem + "e", stem + "es"}
    return {stem, stem + "s", stem + "e", stem + "es"}


#: Forms that are also the name of a country (``la Suisse``, ``l'Argentine``,
#: ``les Philippines``): as a name, the country is far the more frequent.
_DEMONYMS_THAT_ARE_PLACES = frozenset({"suisse", "argentine", "philippines"})

DEMONYMS = (
    frozenset(form for stem in _DEMONYM_STEMS.split() for form in _inflect(stem))
    - _DEMONYMS_THAT_ARE_PLACES
)


def _singular(stem: str) -> set[str]:
    """Masculine singular -> both singular forms (``slovene``; ``italien``, ``italienne``)."""
    if stem in _IRREGULAR_FEMININES:
        return {stem, _IRREGULAR_FEMININES[stem]}
    if stem.endswith("e"):
        return {stem}
    if stem.endswith("en"):
        return {stem, stem + "ne"}
    return {stem, stem + "e"}


#: Singular demonyms only: ``le Slovène``, ``l'Italienne`` before a name say
#: a person follows; ``les Kényans`` do not.
SINGULAR_DEMONYMS = (
    frozenset(form for stem in _DEMONYM_STEMS.split() for form in _singular(stem))
    - _DEMONYMS_THAT_ARE_PLACES
)

#: Capitalised words the model tags although they name nothing: sentence
#: starts, pronouns, conjunctions, interjections, number words, ``km``, days
#: and months, generic nouns (``État``).
JUNK_WORDS = _words(
    """
    il elle ils elles on nous vous je tu le la les l' un une des ce cet cette ces
    ceux celui celle celles cela ceci si quand comme lorsque puisque
    hum euh bah bof hein ouf oups zut helas km kms
    mais et ou donc or ni car selon apres avant depuis pendant lors alors ainsi
    cependant pourtant toutefois enfin aujourd'hui hier demain ici la-bas oui non
    monsieur madame mademoiselle m. mme mlle me dr pr
    zero un deux trois quatre cinq six sept huit neuf dix onze douze treize
    quatorze quinze seize vingt trente quarante cinquante soixante cent mille
    million millions milliard milliards
    lundi mardi mercredi jeudi vendredi samedi dimanche
    janvier fevrier mars avril mai juin juillet aout septembre octobre novembre
    decembre
    etat etats gouvernement president premier ministre republique nation pays
    ville region monde etat-major dieu
    """
)

#: Titles written capitalised as a rule (``M. Macron``, ``Mme Borne``): for
#: these, a capital does not mean the word starts a name.
ABBREVIATED_TITLES = _words("m. m mm. mme mmes mlle me dr dr. pr pr. mgr mgr. sir lord")

#: Event heads reliable enough to overrule an "organisation" tag from the
#: model (``Jeux olympiques``, but not ``Conférence des évêques``, which is a body).
STRONG_EVENT_HEADS = _words(
    """
    sommet summit festival salon biennale triennale exposition championnat
    championnats coupe tournoi jeux olympiades mondial mondiaux marathon rallye
    grand-prix election elections referendum primaire primaires guerre bataille
    revolution
    """
)

#: Ordinals that may precede an event head (``XIe Conférence``, ``77e Festival``).
ORDINAL_WORDS = _words(
    "premier premiere second seconde deuxieme troisieme quatrieme cinquieme 1er 1re"
)

#: Lower-case nouns that *describe* an organisation named right after them
#: (``le groupe Ensemble pour la République``, ``le parti Renaissance``): not
#: part of its name, unlike ``université Howard`` or ``tribunal de Nanterre``.
DESCRIPTIVE_ORGANIZATION_NOUNS = _words(
    """
    groupe parti journal quotidien hebdomadaire magazine chaine radio syndicat
    constructeur societe entreprise firme geant enseigne start-up startup assureur
    operateur editeur distributeur messagerie plateforme application
    """
)

#: Common nouns that head a name (organisation, event, venue, company):
#: after a sentence-initial ``Le``/``La``/``Les`` they say the article is the
#: sentence's, not the name's (``La Banque centrale européenne``).
COMMON_HEAD_NOUNS = ORGANIZATION_HEADS | EVENT_HEADS | VENUE_NOUNS | ORGANIZATION_CUES
