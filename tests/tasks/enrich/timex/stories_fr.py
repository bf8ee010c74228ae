"""French wire stories written for the TIMEX3 tests (invented events, real places)."""

FR_STORIES = [
    """LYON, 14 mars. La métropole de Lyon a annoncé mardi soir la fermeture du tunnel de la Croix-Rousse pour travaux. Le chantier commencera mercredi et durera trois semaines, a précisé le vice-président chargé des mobilités, Julien Marchand.

Pendant deux semaines, la circulation sera interdite de 8 h à 20 h. Le tunnel avait déjà été rénové en mars 2013, et dans les années 1990 il avait été fermé à deux reprises.""",
    """MARSEILLE, 14 mars. Le parquet de Marseille a ouvert hier une enquête visant le directeur d'une société de transport maritime, Paul Ferrand. Selon le parquet, un contrôle mené le 12 mars a révélé des irrégularités commises l'an dernier.

M. Ferrand, âgé de 67 ans, dirige l'entreprise depuis 2009. Le tribunal examinera la demande de placement en détention demain à 15h30. En janvier, la société avait déjà été condamnée à une amende.""",
    """BREST, 14 mars. Le ferry « Armorique » est arrivé au port de Brest ce matin après trois jours de retard dû à la tempête. Le capitaine, Yann Le Goff, a expliqué que l'équipage avait attendu une journée au large d'Ouessant.

La prochaine traversée vers Plymouth est prévue la semaine prochaine. Chaque mardi, le navire appareillera à 10 h, mais les départs de ce week-end sont annulés jusqu'à fin mars.""",
    """TOULOUSE, 14 mars. L'université de Toulouse a inauguré le mois dernier un laboratoire consacré aux matériaux composites. Le projet, d'un coût de 40 millions d'euros, était en préparation depuis cinq ans.

« Dans les années 90, nous rêvions déjà d'un tel équipement », a déclaré le professeur Claire Dumas. Les premiers résultats sont attendus au premier trimestre 2026. Le laboratoire fonctionnera tous les jours et publiera un rapport une fois par mois.""",
    """PARIS, 14 mars. Le musée du Louvre a présenté lundi une collection de gravures du XVIIIe siècle acquise en 2021. L'exposition se tiendra jusqu'au 30 juin.

Selon la direction du musée, la restauration des feuilles a pris près de deux ans. Il y a deux ans, la collection se trouvait encore dans une collection privée à Genève. Dans les prochains mois, le musée prévoit de numériser toutes les gravures, et début mai une deuxième salle ouvrira.""",
    """STRASBOURG, 14 mars. De violentes rafales ont privé d'électricité quelque 12 000 foyers du Bas-Rhin dans la nuit de jeudi à vendredi. La veille, Météo-France avait placé le département en vigilance orange.

Le courant a été rétabli vers 6 h 30. Selon la préfecture, il s'agit de la tempête la plus violente depuis 2017. Actuellement, les équipes interviennent dans le secteur de Haguenau, et les travaux devraient s'achever dans deux jours.""",
    """BOULOGNE-SUR-MER, 14 mars. L'armateur « Pêcheries du Nord » a annoncé jeudi la fermeture de deux ateliers à Boulogne-sur-Mer. Selon son directeur général, Serge Vasseur, la production s'arrêtera le 1er avril et environ 300 salariés seront reclassés dans un délai de trois mois.

Le chiffre d'affaires de l'entreprise a reculé de près d'un tiers l'année dernière, a-t-il indiqué. Les ateliers fonctionnaient depuis 1987. Les syndicats réclament une réunion la semaine prochaine, fixée à mardi 11 h.""",
    """NANTES, 14 mars. Nantes Métropole va restreindre la distribution d'eau dans trois quartiers à partir de lundi. Les restrictions dureront cinq jours, a indiqué le service des eaux.

Tous les jours, de 9 h à 18 h, les équipes remplaceront un tronçon de canalisation posé dans les années 1960. Les conduites avaient été changées pour la dernière fois à l'été 2019. Des citernes seront installées ce week-end au pied des immeubles.""",
    """ANNECY, 14 mars. La couche de glace sur le lac d'Annecy était cette année de 20 centimètres plus épaisse qu'en 2024, selon les relevés de la réserve naturelle. Les mesures sont effectuées chaque année au début du mois de mars.

Selon la chercheuse Hélène Girard, une telle épaisseur n'avait pas été observée depuis le début des années 2000. La prise des glaces a commencé mi-janvier, deux semaines plus tard que d'habitude. Les passages seront fermés le 25 mars, et le dégel est attendu fin avril ou début mai.""",
    """BORDEAUX, 14 mars. Le tribunal correctionnel de Bordeaux a condamné mercredi un ancien maire adjoint, Pierre Lambert, à quatre ans de prison. L'enquête avait duré près de deux ans.

Selon l'accusation, de 2018 à 2021, l'élu a perçu des pots-de-vin pour un montant de 1,2 million d'euros. M. Lambert a nié les faits. Sa défense compte faire appel dans les dix jours. La veille du verdict, il avait déclaré aux journalistes que chaque jour du procès avait été une épreuve.""",
]

# Longer stories with the density of dates of ordinary wire copy (for speed measurements).
FR_LONG_STORIES = [
    """ROUEN, 14 mars. Le conseil régional de Normandie a adopté un plan de modernisation des transports en commun sur cinq ans. Le document prévoit l'achat de nouveaux autocars et de rames régionales, la rénovation des dépôts et la remise à neuf des abris de bus à Rouen, Évreux et Dieppe.

Selon le vice-président chargé des mobilités, Antoine Leclerc, le coût total du plan dépasse neuf cents millions d'euros. L'État en financera environ la moitié, le reste étant à la charge de la région et des transporteurs privés. L'élu a souligné que le parc actuel est largement vieillissant et que de nombreux véhicules circulent au-delà de leur durée de vie prévue.

Les premiers autocars roulant au biogaz devraient être mis en service cet été. Les transporteurs titulaires de contrats publics pourront bénéficier d'un crédit-bail à taux réduit, et les conducteurs se voient promettre une revalorisation salariale ainsi qu'une formation sur les nouveaux véhicules. Un volet spécifique concerne les zones rurales, où de nombreuses communes restent sans liaison régulière avec les bourgs voisins.

Les associations d'usagers ont accueilli la décision avec prudence. La présidente de l'antenne régionale d'une association de consommateurs, Martine Roussel, a rappelé que des projets similaires avaient déjà été votés par le passé, sans être menés à terme. Selon elle, sans contrôle transparent, l'argent risque de financer du matériel inadapté aux routes locales. Elle propose la création d'un comité associant voyageurs et élus municipaux.

La région répond que l'avancement du plan sera publié en ligne et qu'un premier bilan sera dressé en fin d'année. Les habitants peuvent adresser leurs propositions sur le réseau via le site de la collectivité.""",
    """GRENOBLE, 14 mars. La cour administrative d'appel de Lyon a confirmé l'ordre de démolition d'un centre commercial construit illégalement à Grenoble. Le recours du propriétaire, la société Alpes Invest, a été rejeté.

Le litige remonte à 2021. La mairie avait alors constaté que le promoteur avait ajouté deux étages sans autorisation et enfreint les règles de sécurité incendie. Les représentants de la société affirmaient que tous les documents étaient en règle et que les griefs de la ville tenaient à un conflit sur le bail du terrain. Le tribunal administratif avait écarté ces arguments et ordonné au propriétaire de démolir le bâtiment à ses frais.

L'avocat de la société, Maître Olivier Bernard, a indiqué à la presse que ses clients entendaient se pourvoir devant le Conseil d'État. Selon lui, la démolition priverait d'emploi plusieurs centaines de personnes et causerait de lourdes pertes aux locataires. Le centre abrite des boutiques de vêtements, une pharmacie, un café et des points de retrait de colis.

La mairie se dit prête à discuter d'indemnisations pour les commerçants, mais n'entend pas renoncer à la démolition. La directrice de l'urbanisme, Sophie Marchal, a expliqué que de tels bâtiments présentent un danger pour le public et dénaturent le centre historique. Elle a ajouté que la ville examine plusieurs autres immeubles du centre, où des infractions pourraient également avoir été commises.

Les travaux pourront commencer une fois la décision devenue définitive. Leur calendrier sera fixé par la préfecture.""",
]
