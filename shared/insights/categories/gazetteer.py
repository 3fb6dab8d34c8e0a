"""The merchants, payers and phrases the generator draws from, by category.

Each line of a list is one merchant: its name, then `|` and the other spellings banks print
for it (abbreviations, legal names, card-terminal names). The first name identifies the
merchant, so a held-out split can keep every spelling of one merchant on one side.
Independent businesses are built from name parts by the patterns in `INDEPENDENT`
({W} a word, {S} a surname, {F} a first name, {C} a city).
"""

from __future__ import annotations

from typing import Final


def merchants(block: str) -> tuple[tuple[str, ...], ...]:
    """Parse a block of `Name|SPELLING|...` lines into one tuple of spellings each."""
    return tuple(
        tuple(part.strip() for part in line.split("|") if part.strip())
        for line in block.strip().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


GROCERIES = merchants("""
Tesco|TESCO STORES|Tesco Express|TESCO EXTRA|TESCO METRO|TESCO STORE
Sainsbury's|SAINSBURYS S/MKTS|Sainsburys Local|JS ONLINE GROCERY|SAINSBURY'S SUPERMARKET
Asda|ASDA STORES|ASDA SUPERSTORE|ASDA GROCERIES
Morrisons|WM MORRISON|MORRISONS DAILY|W M MORRISON PLC
Aldi|ALDI STORES|ALDI SUED|ALDI NORD
Lidl|LIDL GB|Lidl UK|LIDL DIENSTLEISTUNG
Waitrose|WAITROSE & PARTNERS|WAITROSE LTD
Co-op|CO-OP GROUP FOOD|Co-operative Food|SOUTHERN COOP|CENTRAL CO-OP FOOD|MIDCOUNTIES COOP
M&S Simply Food|M&S FOOD|MARKS & SPENCER SIMPLY FOOD|M & S FOODHALL
Iceland|ICELAND FOODS|ICELAND STORES
Ocado|OCADO RETAIL|OCADO.COM
Spar|SPAR UK|EUROSPAR
Budgens
Costcutter|COSTCUTTER SUPERMARKETS
Londis
Nisa Local|NISA
One Stop|ONE STOP STORES
Farmfoods
Heron Foods
Booths|E H BOOTH & CO
Planet Organic
Whole Foods Market|WHOLEFDS MKT|WHOLE FOODS
Amazon Fresh|AMAZON FRESH|AMZN FRESH
Getir|GETIR UK
Premier Stores|PREMIER
Abel & Cole
Riverford Organic
HelloFresh|HELLOFRESH UK
Gousto
Kroger|KROGER #|KROGER FUEL
Safeway|SAFEWAY #
Walmart Supercenter|WAL-MART #|WM SUPERCENTER|WALMART GROCERY
Costco Wholesale|COSTCO WHSE|COSTCO WHOLESALE #
Trader Joe's|TRADER JOE S #|TRADER JOES
Publix|PUBLIX SUPER MAR
Albertsons
H-E-B|HEB GROCERY
Wegmans
Food Lion
Giant Eagle
Stop & Shop
Meijer
Sprouts Farmers Market|SPROUTS FARMERS MA
Vons
Ralphs
ShopRite|SHOPRITE OF
Hy-Vee
Winn-Dixie
Harris Teeter
Instacart|INSTACART*
Aldi US
Fred Meyer
Piggly Wiggly
Loblaws|LOBLAW
Sobeys
Metro Inc|METRO ONTARIO
No Frills|NOFRILLS
Real Canadian Superstore|RCSS
Save-On-Foods
FreshCo
Food Basics
Provigo
Woolworths|WOOLWORTHS METRO|WOOLWORTHS ONLINE
Coles|COLES EXPRESS|COLES SUPERMARKETS
IGA|IGA SUPERMARKET
Foodland
Harris Farm Markets
Countdown
New World
Pak'nSave|PAKNSAVE
Drakes Supermarkets
Rewe|REWE MARKT GMBH|REWE Markt
Edeka|EDEKA CENTER|E CENTER
Penny|PENNY MARKT
Netto Marken-Discount|NETTO
Kaufland
Norma
Carrefour|Carrefour City|Carrefour Market|CARREFOUR EXPRESS
E.Leclerc|LECLERC
Intermarche|INTERMARCHE SUPER
Auchan
Monoprix
Franprix
Albert Heijn|AH TO GO
Jumbo Supermarkten|JUMBO
Plus Supermarkt
Dirk van den Broek
Delhaize
Colruyt
Mercadona
Dia
Esselunga
Conad
Migros
Coop Pronto
Billa
Hofer
ICA Supermarket
Rema 1000
Continente
Pingo Doce
Biedronka
Zabka
Dunnes Stores
SuperValu
NTUC FairPrice|FAIRPRICE|FAIRPRICE FINEST|FAIRPRICE XTRA
Cold Storage
Sheng Siong
Giant Hypermarket
Wellcome Supermarket
ParknShop
Aeon|AEON MAXVALU
FamilyMart
Lawson
7-Eleven|7 ELEVEN|SEVEN ELEVEN
Seiyu
DMart
Reliance Fresh
Lotus's
Tops Market
Emart
Lotte Mart
Spinneys
Carrefour Hypermarket
Lulu Hypermarket
Pick n Pay
Checkers
Shoprite
Tesco Superstore|TESCO SUPERSTORE
Sainsbury's Online|SAINSBURYS ONLINE
Asda Online|ASDA.COM
Morrisons.com|MORRISONS ONLINE
Co-op Food|COOP FOOD|THE CO-OPERATIVE
Marks & Spencer Food|M&S FOODHALL
Waitrose Online|WAITROSE.COM
Lidl Plus
Aldi Sud|ALDI SUD
Musgrave MarketPlace
Bestway Cash & Carry
Booker Wholesale|BOOKER LTD
Makro
Cook Frozen Food|COOK
Wing Yip
Seasons Supermarket
Sainsbury's Local|JS LOCAL
Little Waitrose
Asda Express
Zapp|ZAPP DELIVERY
Deliveroo Hop
Whole Foods Market UK
Mace
Centra
Eurospar
Tesco Ireland
Lidl Ireland
Aldi Australia
Woolworths Metro Food
Harris Teeter #
Food 4 Less
Smart & Final
Winco Foods
Grocery Outlet
Save A Lot
Stater Bros
Jewel-Osco
Acme Markets
Giant Food
Market Basket
Price Chopper
Hannaford
Lucky Supermarkets
Shaw's
Weis Markets
Ingles Markets
Schnucks
Dierbergs
Festival Foods
QFC
King Soopers
Fry's Food
Dillons
Smith's Food
Natural Grocers
Fresh Thyme
The Fresh Market
Erewhon
99 Ranch Market
H Mart
Patel Brothers
Target Grocery
Sam's Club
BJ's Wholesale Club
Amazon Go
Circle K Store
Wawa
Sheetz
QuikTrip
Casey's General Store
Cumberland Farms
Couche-Tard
Longo's
T&T Supermarket
Maxi
Zehrs
Fortinos
Independent Grocer
Thrifty Foods
Co-op Canada
Foodworks
Aldi Süd
Netto Filialen
Globus
Tegut
Famila
Marktkauf
Alnatura
Denns BioMarkt
Spar Österreich
Interspar
Coop Switzerland
Denner
Volg
Super U|SUPER U
Hyper U
Lidl France
Leader Price
Picard Surgeles
Naturalia
Biocoop
G20
Cora
Match
Coop NL
Hoogvliet
Vomar
Spar NL
Aldi Belgique
Okay Supermarkt
Carrefour Express Italia
Lidl Italia
Pam Panorama
Iper
Eurospin
Despar
Alcampo
Hipercor
Consum
Ahorramas
Condis
Bonpreu
Lidl Espana
Spar Slovenija
Albert Supermarket
Kaufland Cesko
Lidl Polska
Carrefour Polska
Netto Danmark
Foetex
Bilka
Kiwi Minipris
Coop Extra
Willys
Hemkop
K-Citymarket
S-Market
Prisma
Lidl Suomi
Jumbo Zaandam
Tesco Lotus
Big C
Villa Market
Guardian Supermarket
Cold Storage Jelita
Mercato
Jaya Grocer
Village Grocer
Hero Supermarket
Indomaret
Alfamart
SM Supermarket
Puregold
Robinsons Supermarket
Ito-Yokado
Life Supermarket
Summit Store
OK Store
Gyomu Super
Homeplus
GS25
CU Convenience
Hema Fresh
Yonghui
Spencer's Retail
More Retail
Nature's Basket
BigBasket
Blinkit
Zepto
Instamart
Carrefour UAE
Choithrams
Waitrose UAE
Noon Minutes
Woolworths Food SA
Spar SA
Food Lover's Market
Sprouts Market
Brookshire Brothers
Brookshire's Food
Tops Friendly Markets|TOPS MARKETS
Big Y World Class Market|BIG Y
Raley's|RALEYS
Bashas'|BASHAS
Cub Foods
County Market
Pick 'n Save|PICK N SAVE
Mariano's|MARIANOS
Jewel Food Store
Food City
Bi-Lo|BILO
Save Mart|SAVEMART
Foodtown
Key Food|KEY FOOD SUPERMARKET
C-Town Supermarket|CTOWN
Fairway Market
Gristedes
Morton Williams
D'Agostino|DAGOSTINO
Northgate Market
Vallarta Supermarkets
El Super
Cardenas Markets
Fiesta Mart
Superior Grocers
Sedano's|SEDANOS
Presidente Supermarket
Compare Foods
Mi Tienda
Seafood City Supermarket
Mitsuwa Marketplace
Uwajimaya
Lotte Plaza Market
Zion Market
Kam Man Food
Hong Kong Supermarket
Family Fare
Martin's Super Markets
Coborn's|COBORNS
Lunds & Byerlys
Mollie Stone's Markets
Bristol Farms
Gelson's Markets|GELSONS
Lazy Acres Market
New Seasons Market
PCC Community Markets
Central Market
Rosauers Supermarkets
Yoke's Fresh Market
Metro Market
Foodsco
Shoppers Food
Jack's Supermarket|JACKS
Whitworths Supermarket
Bargain Booze|BARGAIN BOOZE OFF LICENCE
Majestic Wine|MAJESTIC WINE WAREHOUSES
Oddbins
Holland Food Store
Fultons Foods
Family Shopper
Day Today|DAYTODAY
Go Local Extra
Best-one|BESTONE
Select Convenience
Scotmid Co-operative|SCOTMID
Valu-mart|VALUMART
Your Independent Grocer
Save-On Foods Market
Metro Plus
Super C
Farm Boy
Voila by Sobeys
PC Express
Romeo's Foodland
Drakes Foodland
Spudshed
Costco Australia
Supabarn
Four Square
FreshChoice
SuperValue Supermarket
Pak N Save Supermarket
nah und gut
Nahkauf
Hit Markt
Combi Verbrauchermarkt
Bio Company
Basic Bio Supermarkt
Getraenke Hoffmann|GETRAENKEMARKT
Merkur Markt
Casino Supermarche|GEANT CASINO
Vival
Proxi
Grand Frais
U Express
Deen Supermarkten
DekaMarkt
Poiesz Supermarkten
Nettorama
Ekoplaza
Eroski Supermercado|EROSKI
Supermercados Mas
Covirán|COVIRAN
Gadis
Froiz
Supermercado El Corte Ingles
Simply Market
Supermercati Conad
Tigros
Unes Supermercati
Bennet Ipermercati
Minipreco
Mercado Municipal
Lewiatan Market
Stokrotka
Dino Polska|DINO MARKET
Albert Hypermarket
ICA Kvantum
ICA Nara
City Gross
Kiwi Norge
Meny
Joker Dagligvare
K-Market
K-Supermarket
Alepa
Sale Kauppa
Irma Supermarked
SuperBrugsen
Dagli'Brugsen
Daybreak Convenience
Musgrave Food
Giant Singapore
Prime Supermarket
Don Don Donki|DON DON DONKI
Wellcome HK
Market Place by Jasons
Life Corporation
Maruetsu
Summit Supermarket
Inageya
Gyomu Supermarket
Ministop
Daily Yamazaki
Big Bazaar
Star Bazaar
Ratnadeep Supermarket
Nilgiris Supermarket
Union Coop
Al Maya Supermarket
Viva Supermarket
West Zone Supermarket
Boxer Superstores
Oxxo|OXXO TIENDA
Soriana|SORIANA HIPER
Chedraui
Bodega Aurrera
La Comer
Supermercados Jumbo Chile
Lider
Unimarc
Pao de Acucar
Assai Atacadista
Atacadao
Coto Supermercados
Disco Supermercado
""")

COFFEE = merchants("""
Starbucks|STARBUCKS COFFEE|SBUX|STARBUCKS STORE
Costa Coffee|COSTA|COSTA COFFEE LTD
Caffe Nero|CAFFE NERO|NERO COFFEE
Pret A Manger|PRET A MANGER|PRET
Black Sheep Coffee
Joe & The Juice|JOE AND THE JUICE
Boston Tea Party
Coffee#1|COFFEE 1
Blank Street|BLANK STREET COFFEE
Gail's Bakery|GAILS|GAILS BAKERY
Harris + Hoole|HARRIS & HOOLE
Esquires Coffee
Soho Coffee Co
Department of Coffee
Grind|GRIND & CO
Notes Coffee
Workshop Coffee
Monmouth Coffee
Caffe Ritazza
Puccino's
AMT Coffee
Coffee Republic
Tim Hortons|TIM HORTONS #|TIMHORTONS
Dunkin'|DUNKIN #|DUNKIN DONUTS
Peet's Coffee|PEETS COFFEE
Blue Bottle Coffee
Philz Coffee
Dutch Bros|DUTCH BROS COFFEE
Caribou Coffee
The Coffee Bean & Tea Leaf|COFFEE BEAN TEA LEAF
Second Cup
Gloria Jean's Coffees|GLORIA JEANS
Muffin Break
Zarraffa's Coffee
Tchibo
Balzac Coffee
Einstein Kaffee
Coffee Fellows
Segafredo Zanetti
Illy Caffe
Columbus Cafe
Doutor Coffee
Tully's Coffee
Luckin Coffee
% Arabica|ARABICA
Ya Kun Kaya Toast
Toast Box
Pacific Coffee
Cafe Coffee Day
Third Wave Coffee
Nespresso Boutique|NESPRESSO
La Colombe
Intelligentsia Coffee
Stumptown Coffee
Gregorys Coffee
Joe Coffee
Cafe Amazon
Costa Express
Costa Coffee Drive Thru
Starbucks Reserve
Starbucks Drive Thru
Caffe Nero Express
Pret Express
EAT.
Benugo
Cafe Nero Ireland
Insomnia Coffee
Bewley's
Butlers Chocolate Cafe
Costa Ireland
Joe & The Juice USA
Tim Hortons Drive Thru
McCafe
Country Style
Coffee Culture
Timothy's World Coffee
Biggby Coffee
Scooter's Coffee
Black Rifle Coffee
Ziggi's Coffee
PJ's Coffee
Bluestone Lane
Ralph's Coffee
Dunkin Express
Starbucks Canada
Cafe Nero US
Coffee Club
Hudsons Coffee
Jamaica Blue
Di Bella Coffee
Campos Coffee
Single O
Toby's Estate
Allpress Espresso
Mojo Coffee
Espresso House
Wayne's Coffee
Robert's Coffee
Joe Coffee Company
Caffe Vergnano
Cafe Costa Express
Kaffeehaus Sacher
Coffee Company NL
Bagels & Beans
Anne&Max
White Label Coffee
Cafe Kitsune
Ten Belles
Coutume Cafe
Nero Caffe
Espressamente
Starbucks Japan
Komeda Coffee
Excelsior Caffe
Hoshino Coffee
Ediya Coffee
Twosome Place
A Twosome Place
Paik's Coffee
Mega Coffee
Compose Coffee
Hollys Coffee
Coffee Bean Korea
Manner Coffee
Heytea
Nayuki
Chagee
Mixue
Cotti Coffee
Gong Cha
Chatime
CoCo Fresh Tea
Tealive
Koi The
The Alley
Tiger Sugar
Blue Tokai
Barista Coffee
Chaayos
Chai Point
Tim Hortons India
Costa Coffee UAE
Caribou Coffee UAE
Tim Hortons UAE
Dome Cafe
Vida e Caffe
Seattle Coffee Company
Bootlegger Coffee
""")

EATING_OUT = merchants("""
McDonald's|MCDONALDS|MCDONALD'S RESTAURANT|MCD
KFC|KFC RESTAURANT
Burger King|BURGER KING #
Nando's|NANDOS|NANDO'S CHICKENLAND
Wagamama|WAGAMAMA LTD
PizzaExpress|PIZZA EXPRESS
Pizza Hut|PIZZA HUT DELIVERY
Domino's Pizza|DOMINOS PIZZA|DOMINO'S
Papa John's|PAPA JOHNS
Subway|SUBWAY #
Five Guys|FIVE GUYS BURGERS
Leon|LEON RESTAURANTS
Itsu
Wasabi
Tortilla
Chipotle|CHIPOTLE #|CHIPOTLE MEXICAN GRILL
Taco Bell|TACO BELL #
Wendy's|WENDYS #
Chick-fil-A|CHICK-FIL-A #
In-N-Out Burger|IN N OUT BURGER
Shake Shack
Dishoom
Honest Burgers
JD Wetherspoon|WETHERSPOONS|J D WETHERSPOON
Greggs|GREGGS PLC
Pizza Pilgrims
Franco Manca
Zizzi
Ask Italian
Prezzo
Bella Italia
Frankie & Benny's
TGI Fridays
Harvester
Toby Carvery
Beefeater
Miller & Carter
Hawksmoor
Byron Burgers
Gourmet Burger Kitchen|GBK
Wingstop
Popeyes
Yo! Sushi|YO SUSHI
Cote Brasserie
Bill's Restaurant
Las Iguanas
Turtle Bay
Slug & Lettuce
All Bar One
BrewDog|BREWDOG BAR
Nicholson's Pubs
Greene King
Deliveroo|DELIVEROO.CO.UK|ROO DELIVEROO
Just Eat|JUST EAT.CO.UK|JUST-EAT
Uber Eats|UBER *EATS|UBER EATS|UBEREATS
DoorDash|DD *DOORDASH|DOORDASH
Grubhub|GRUBHUB*
Postmates
Menulog
Lieferando|LIEFERANDO.DE
Foodora
Wolt
Glovo
Foodpanda
Swiggy
Zomato
Applebee's
Olive Garden
Chili's
Panera Bread
Denny's
IHOP
The Cheesecake Factory
Outback Steakhouse
Red Robin
Jollibee
Hungry Jack's|HUNGRY JACKS
Guzman y Gomez
Oporto
Red Rooster
Grill'd
Mary Brown's
A&W Restaurant
Harvey's
Swiss Chalet
Vapiano
L'Osteria
Hans im Glueck
Nordsee
Flunch
Buffalo Grill
Hippopotamus
Telepizza
100 Montaditos
Din Tai Fung
Ichiran
Yoshinoya
Sukiya
Mos Burger
CoCo Ichibanya
Pho Restaurants|PHO
Giraffe
Bundobust
Pizza Hut Express
Taco Bell Cantina
Five Guys Famous
Krispy Kreme
Tim Ho Wan
Mod Pizza
Blaze Pizza
Sweetgreen
Cava Grill
Bojangles
Jack in the Box
Sonic Drive-In
Carl's Jr
Arby's
Culver's
Whataburger
Zaxby's
Panda Express
Noodles & Company
Raising Cane's
McDonalds Drive Thru
Burger King Drive Thru
KFC Drive Thru
Taco Bell Drive Thru
German Doner Kebab|GDK
Chopstix
Boost Juice
Tortilla Mexican Grill
Barburrito
Wasabi Sushi & Bento
Wok to Walk
Poke House
Black Bear Burger
Bleecker Burger
MEATliquor
Patty & Bun
Rosa's Thai
Banana Tree
Busaba
Kanada-Ya
Bone Daddies
Flat Iron
Cote
Cafe Rouge
Carluccio's
Strada
Bella Pasta
Pizza Hut Delivery
Chiquito
Brewers Fayre
Sizzling Pubs
Stonehouse Pizza & Carvery
Vintage Inns
Ember Inns
Chef & Brewer
O'Neill's
Walkabout
Revolution Bar
Be At One
Tiger Tiger
The Alchemist
Fuller's
Young's Pubs
Samuel Smith
Marston's
Hall & Woodhouse
Shepherd Neame
St Austell Brewery
Loungers
Cosy Club
Hungry Horse
Farmhouse Inns
Pizza Hut UK
Papa Johns UK
Chicken Cottage
Dixy Chicken
Morley's
Sam's Chicken
Tennessee Fried Chicken
Favorite Chicken
Pepe's Piri Piri
Leon de Bruxelles
Jimmy John's
Jersey Mike's
Firehouse Subs
Potbelly
Qdoba
Moe's Southwest Grill
El Pollo Loco
Del Taco
Little Caesars
Marco's Pizza
Papa Murphy's
Hardee's
Steak n Shake
White Castle
Krystal
Long John Silver's
Captain D's
Golden Corral
Cracker Barrel
Bob Evans
Waffle House
Texas Roadhouse
LongHorn Steakhouse
Red Lobster
Buffalo Wild Wings
Hooters
TGI Fridays US
Ruby Tuesday
Famous Dave's
P.F. Chang's
Benihana
Texas de Brazil
Fogo de Chao
Ruth's Chris
Morton's
Smashburger
Habit Burger
Fuddruckers
Portillo's
Pollo Tropical
Wingstop US
Zaxby's Chicken
Church's Chicken
Mary Brown's Chicken
Pizza Pizza
Pizza Nova
Boston Pizza
The Keg
Earls Kitchen
Cactus Club Cafe
Joey Restaurants
Milestones
East Side Mario's
Kelsey's
Montana's
St-Hubert
New York Fries
Freshii
Osmow's
Mucho Burrito
Red Rooster AU
Betty's Burgers
Zambrero
Roll'd
Sushi Sushi
Schnitz
Nando's AU
Domino's AU
Pizza Hut AU
Hell Pizza
BurgerFuel
Burger King NZ
Wendy's NZ
Vapiano DE
Block House
Maredo
Dean & David
Kochloeffel
Backwerk
Ditsch
Wienerwald
Burgerme
Frittenwerk
Quick
Paul Restaurant
Big Fernand
Cojean
Pret France
Flunch Cafeteria
Courtepaille
Del Arte
Pizza Del Arte
Bistro Regent
Wok Street
New York Pizza
FEBO
Smullers
Manneken Pis Frites
Lunchroom
Goodies
Rodilla
Foster's Hollywood
VIPS
Ginos
La Tagliatella
Udon
Tommy Mel's
Autogrill
Spizzico
Old Wild West
Roadhouse Grill
Rossopomodoro
Max Burgers
Sibylla
Hesburger
Espresso House Lunch
Matsuya
Ootoya
Saizeriya
Gusto
Jonathan's
Kura Sushi
Sushiro
Hama Sushi
Genki Sushi
Marugame Udon
Ippudo
Ajisen Ramen
Pepper Lunch
Lotteria
Kyochon
BBQ Chicken
Bonchon
Paris Baguette Cafe
Tous Les Jours
Haidilao
Xiabu Xiabu
Tim Ho Wan HK
Maxim's
Cafe de Coral
Fairwood
Tai Hing
Crystal Jade
Paradise Dynasty
Jumbo Seafood
Song Fa Bak Kut Teh
Old Chang Kee
Subway SG
Secret Recipe
Mamak Corner
Nando's Malaysia
Chatterbox
Barbeque Nation
Haldiram's
Bikanervala
Saravana Bhavan
Wow Momo
Faasos
Behrouz Biryani
Box8
Shake Shack Dubai
Texas Chicken
Al Baik
Operation Falafel
Zaatar w Zeit
Steers
Wimpy
Spur Steak Ranches
Ocean Basket
Chicken Licken
Cheesecake Factory
Seamless
SkipTheDishes
Talabat
Thuisbezorgd
Byron Burger
Tops Pizza
Slug and Lettuce
Mitchells & Butlers
Young's Pub
Harry Ramsden's
Goiko Grill
La Place
Kwalitaria
Frankies Pizza
Mang Inasal
Chowking
Debonairs Pizza
Galito's
""")

TRANSPORT = merchants("""
Shell|SHELL UK|SHELL OIL|SHELL SERVICE STATION
BP|BP CONNECT|BP OIL UK|BP EXPRESS
Esso|ESSO SERVICE STATION
Texaco
Jet Petrol|JET
Gulf Oil
Tesco Petrol|TESCO PFS|TESCO PETROL STATION
Sainsbury's Petrol|SAINSBURYS PETROL
Asda Petrol|ASDA PFS
Morrisons Petrol|MORRISONS PETROL
Chevron|CHEVRON #
Exxon|EXXONMOBIL|EXXON MOBIL
Mobil
Valero
Sunoco
Marathon Petro
Speedway
Circle K
Petro-Canada|PETRO CANADA
Ultramar
Caltex
Ampol
United Petroleum
Aral|ARAL STATION
TotalEnergies|TOTAL ACCESS
Eni Station|AGIP
Repsol
Cepsa
Q8
OMV
Avia
MFG Motor Fuel Group|MFG
Applegreen
Maxol
Moto Services|MOTO HOSPITALITY
Welcome Break
Roadchef
Tesla Supercharger|TESLA SUPERCHARGER
Pod Point
Ionity
Gridserve
BP Pulse
InstaVolt
ChargePoint
Osprey Charging
Shell Recharge
NCP|NCP LTD|NCP CAR PARK
RingGo|RINGGO PARKING
PayByPhone|PAYBYPHONE
JustPark
APCOA Parking|APCOA
Q-Park
Euro Car Parks
ParkMobile
SpotHero
Indigo Parking
Wilson Parking
Secure Parking
TfL Travel Charge|TFL TRAVEL CH|TFL.GOV.UK/CP|TRANSPORT FOR LONDON
Trainline|TRAINLINE.COM|THETRAINLINE
LNER|LNER LTD
Avanti West Coast
GWR|GREAT WESTERN RAILWAY|GWR TICKETS
Southern Railway
Thameslink
Southeastern
South Western Railway
Northern Trains|NORTHERN RAIL
ScotRail
TransPennine Express
CrossCountry|XC TRAINS
Chiltern Railways
c2c
Greater Anglia
Merseyrail
Transport for Wales
National Rail
Eurostar|EUROSTAR INTERNATIONAL
National Express|NATIONAL EXPRESS COACH
Megabus
FlixBus|FLIXBUS.COM
Stagecoach|STAGECOACH BUS
First Bus|FIRST BUS APP
Arriva
Go-Ahead
Lothian Buses
Metrolink|TFGM METROLINK
Bee Network
Nexus Tyne and Wear Metro|NEXUS
Dart Charge
M6 Toll
Deutsche Bahn|DB Vertrieb GmbH|DB BAHN
SNCF|SNCF CONNECT|SNCF INTERNET
Trenitalia
Italo
Renfe
NS Reizigers|NS GROEP
SBB CFF FFS
OBB
BVG
MVG
RATP
Navigo
GVB
Amtrak|AMTRAK .COM
MTA NYCT|MTA*NYCT PAYGO|OMNY|MTA METROCARD
Clipper|CLIPPER SYSTEMS
SEPTA
WMATA
CTA Ventra|VENTRA
MBTA
LA Metro TAP
Presto|PRESTO FARE
TTC
STM Montreal
OC Transpo
Compass Card Translink
Opal|OPAL TRANSPORT|TRANSPORT FOR NSW
Myki|PTV MYKI
Translink Go Card
Metlink
Octopus Card
EZ-Link|EZLINK
SimplyGo
Suica|JR EAST
MTR
Greyhound
Via Rail
Uber|UBER *TRIP|UBER BV|UBER TRIP|UBR* PENDING
Bolt|BOLT.EU|BOLT RIDE
Lyft|LYFT *RIDE
Free Now|FREENOW
Addison Lee
Gett
Ola Cabs|OLA
Grab|GRAB*|GRABTAXI
Gojek
DiDi
13cabs
Veezu
Lime|LIME*RIDE
Voi|VOI TECHNOLOGY
Tier Mobility
Santander Cycles
Citi Bike
Bird Rides
Dott
Zipcar
Enterprise Rent-A-Car|ENTERPRISE RENT A CAR
Hertz
Avis
Europcar
Sixt
Budget Rent a Car
E-ZPass|EZPASS
Linkt
Kwik Fit
Halfords Autocentre
National Tyres
DVLA Vehicle Tax|DVLA-VEHICLE TAX|DVLA
ULEZ Charge|TFL ULEZ
Congestion Charge|TFL CONGESTION
Shell Recharge UK
Esso Tesco Express
Texaco Star
Harvest Energy
Murco
Certas Energy
Rontec
Euro Garages|EG GROUP
Motor Fuel Limited
BP Travel Centre
Costco Petrol
Sainsbury's Fuel
Morrisons Fuel
Asda Fuel
Tesco Fuel|TESCO PFS FUEL
Shell Select
Exxon Mobil Station
Citgo
Phillips 66
Conoco
76 Gas Station|76
Arco
Sinclair
Holiday Stationstores
Kwik Trip
Love's Travel Stop
Pilot Flying J
TA Petro
Murphy USA
RaceTrac
QuikTrip Fuel
Sheetz Fuel
Wawa Fuel
Costco Gas
Sam's Club Fuel
Irving Oil
Husky
Co-op Gas
Esso Canada
Shell Canada
Mobil Canada
Puma Energy
BP Australia
Shell Coles Express
7-Eleven Fuel
Metro Petroleum
Liberty Oil
Z Energy
Gull NZ
Mobil NZ
Star Tankstelle
JET Tankstelle
Shell Deutschland
Esso Deutschland
Total Tankstelle
HEM Tankstelle
Agip Tankstelle
Westfalen Tankstelle
Avia Tankstelle
Esso France
TotalEnergies Station
Intermarche Carburant
Carrefour Station
Leclerc Carburant
Tango
Tinq
Texaco Belgique
Q8 Easy
IP Italiana Petroli
Eni Live
Tamoil
Galp
BP Portugal
Cepsa Estacion
Circle K Norge
Preem
OKQ8
Neste
St1
Petron
Caltex Singapore
SPC
Esso Singapore
Indian Oil|IOCL
HP Petrol|HPCL
Bharat Petroleum|BPCL
ADNOC Distribution|ADNOC
ENOC
Emarat
Engen
Sasol
Total SA
Shell Japan|ENEOS
Idemitsu
Cosmo Oil
SK Energy
GS Caltex
S-Oil
Sinopec
PetroChina
Octopus Electroverse
Zapmap
Electric Highway
Tesla Supercharging
Fastned
Allego
EVgo
Electrify America
Blink Charging
Chargefox
Evie Networks
Flo EV
Petro-Canada EV
Saba Parking
Impark
LAZ Parking
ABM Parking
Premium Parking
Diamond Parking
ParkWhiz
Honk Mobile
Parkopedia
Easypark
Yellowbrick
Parkster
APCOA Connect
Indigo Neo
Q-Park NL
Wilson Parking NZ
Care Park
Parking Eye|PARKINGEYE
Horizon Parking
Smart Parking
NCP Parking App
Westminster Parking
Camden Parking
Manchester Parking
Heathrow Parking
Gatwick Parking
Stansted Parking
Airport Parking
Heathrow Express
Gatwick Express
Stansted Express
Elizabeth Line
London Overground
Docklands Light Railway
Thames Clippers|UBER BOAT
IFS Cloud Cable Car
Translink NI
Dublin Bus
Irish Rail
Luas
Leap Card
Bus Eireann
Aircoach
Citylink
Ember Bus
Oxford Bus Company
Brighton & Hove Buses
Reading Buses
Transdev
Go North East
Trent Barton
Wightlink
Red Funnel
P&O Ferries
DFDS
Stena Line
Brittany Ferries
Irish Ferries
CalMac
Condor Ferries
Eurotunnel|LE SHUTTLE
Caledonian Sleeper
Hull Trains
Grand Central
Lumo
Heathrow Taxi
Black Cab
ComCab
Halo Cars
Ola UK
Kapten
Heetch
Marcel Cab
G7 Taxi
Mytaxi
Cabify
Careem
Yandex Go
Via Transportation
Curb
Arro
Yellow Cab
Checker Cab
Flywheel
Blacklane
Wheely
Taxify
Uber Lite
Rapido
Blu-Smart
InDrive
Lalamove
Tada
Ryde
ComfortDelGro|CDG TAXI
Trans-Cab
Gojek Ride
Grab Ride
Bolt Scooter
Lime Bike
Spin Scooter
Superpedestrian
Beryl Bikes
Forest Bikes
Brompton Bike Hire
Nextbike
Call a Bike
Velib
Bicing
Donkey Republic
Swapfiets
OV-chipkaart
NS International
Thalys
TGV Inoui
Ouigo
Flixtrain
Westbahn
Regiojet
Leo Express
Intercity PL
PKP
SJ
VR
Vy
DSB
Rejsekort
SL Access
Ruter
HSL
Wiener Linien
Zuercher Verkehrsverbund|ZVV
TPG Geneve
BVB
Rheinbahn
KVB
VRS
HVV
RMV
VBB
MVV
Deutschlandticket
Metro de Madrid
TMB Barcelona
Renfe Cercanias
ATAC Roma
ATM Milano
Trenord
Carris
Metro Lisboa
CP Comboios
STIB MIVB
De Lijn
SNCB NMBS
CFL
Keolis
RTM
Transilien
Tisseo
TCL Lyon
Metrolinx
GO Transit
BC Transit
Calgary Transit
Edmonton Transit
Winnipeg Transit
OC Transpo Presto
exo
Via Rail Canada
NJ Transit
LIRR
Metro-North
PATH
DC Metro SmarTrip
MARTA
DART Dallas
Houston Metro
Sound Transit
King County Metro
TriMet
RTD Denver
Valley Metro
MTS San Diego
Caltrain
Muni SFMTA
AC Transit
Metrolink LA
Brightline
Greyhound Lines
Megabus US
FlixBus US
Peter Pan Bus
Coach USA
TransLink Brisbane
Adelaide Metro
Transperth
Metro Tasmania
Canberra Transport
V/Line
NSW TrainLink
Queensland Rail
AT HOP
Snapper
Bee Card
Octopus HK
Tap Go
MRT Singapore
SBS Transit
SMRT
Touch n Go
RapidKL
LRT Manila
Beep Card
Suica JR East
Pasmo Tokyo Metro
ICOCA
JR West
JR Central
Tokyo Metro
Toei Subway
Keio
Odakyu
Hankyu
Kintetsu
Seoul Metro
T-money
Korail
Shanghai Metro
Beijing Subway
Delhi Metro
Mumbai Metro
Namma Metro
IRCTC
Redbus
Abhibus
RTA Dubai|NOL
Salik
Gautrain
MyCiTi
Hertz UK
Avis Budget
Enterprise Holdings
Alamo Rent a Car
National Car Rental
Thrifty
Dollar Rent a Car
Green Motion
Getaround
Turo
Hiyacar
Co Wheels
Share Now
Free2Move
Miles Mobility
Greenwheels
Communauto
Evo Car Share
GoGet
Flexicar
Mister Auto
Euro Car Parts
GSF Car Parts
Autozone
O'Reilly Auto Parts
Advance Auto Parts
NAPA Auto Parts
Pep Boys
Jiffy Lube
Valvoline
Midas
Firestone Complete Auto
Goodyear Auto Service
Discount Tire
Les Schwab
Canadian Tire Auto
Kal Tire
Bob Jane T-Marts
Beaurepaires
Ultra Tune
ATU Autoteile
Norauto
Feu Vert
Speedy
Point S
Mr Clutch
Formula One Autocentres
ATS Euromaster
Protyre
Ford Service
Arnold Clark
Evans Halshaw
Stoneacre
Lookers
Pendragon
Jardine Motors
Sytner
Cazoo
Cinch
Motorpoint
Car Wash Club
IMO Car Wash
Waves Car Wash
Mister Car Wash
Tommy's Express
Orlen Tankstelle
Orlen Stacja Paliw|ORLEN
Lotos Stacja
Moya Stacja
Total Station Service
Dyneff
Petronor
Ballenoil
Plenoil
Eni Stazione di Servizio
Gulf Tankstation
Firezone Tankstation
Topaz Fuels
Emo Oil
Casey's Fuel|CASEYS GAS
Kum & Go Fuel
Maverik Adventure's First Stop|MAVERIK
GetGo Fuel
Royal Farms Fuel
Stewart's Shops Fuel
TA Travel Center|TRAVELCENTERS OF AMERICA
Buc-ee's|BUCEES
BJ's Gas
Pioneer Petroleum
Z Station
Waitomo Fuel
Taxi Berlin
Taxi Muenchen eG
Taxi Zentrale
Taxis Bleus
Radio Taxi
Silver Service Taxi
Blue Line Taxi
Beck Taxi
Delta Taxi
Street Cars
Amber Cars
Metro Transit
Metro Transit Authority
Transit Authority
Transit Fare
Regional Transit
Capital Metro
Metra
BART|BART CLIPPER
VTA Transit
DART Transit
Miami-Dade Transit
Translink Queensland|GO CARD
Auckland Transport
DB Regio
TER SNCF
Alsa
RET Rotterdam
West Midlands Metro
SP Plus Parking
Ace Parking
Contipark
Parkhaus Zentrum
Interparking
Green P Parking
Manchester Airport Parking
Holiday Extras Parking
SunPass
FasTrak
TxTag
Peach Pass
407 ETR
Vinci Autoroutes
Sanef
APRR
Autostrade per l'Italia|AUTOSTRADE
Via Verde
Toll Collect
Asfinag Vignette
EV Charging
Meineke
Repco
Supercheap Auto
DVSA MOT
ADAC
Enterprise Car Club
Tier Scooter
BC Ferries
Washington State Ferries
Sydney Ferries
Star Ferry
Staten Island Ferry
""")

SHOPPING = merchants("""
Amazon|AMAZON.CO.UK|AMZN Mktp UK|AMAZON EU SARL|Amazon.com|AMZN MKTP US|AMAZON MARKETPLACE
Amazon Marketplace|AMZNMKTPLACE|Amazon.de|AMAZON.COM.AU|AMZN DIGITAL
eBay|EBAY O*|EBAY COMMERCE
Argos|ARGOS LTD
John Lewis|JOHN LEWIS PLC|JOHN LEWIS & PARTNERS
Primark|PRIMARK STORES
Next|NEXT RETAIL|NEXT DIRECTORY|NEXT PLC
H&M|H & M|HM.COM|H&M HENNES
Zara|ZARA UK
Uniqlo|UNIQLO UK
ASOS|ASOS.COM
IKEA|IKEA LTD|IKEA STORE
B&Q|B & Q|B&Q PLC
Wickes
Screwfix|SCREWFIX DIRECT
Toolstation
Currys|CURRYS PC WORLD|CURRYS RETAIL
Apple Store|APPLE STORE R|APPLE ONLINE STORE
Waterstones
WHSmith|WH SMITH|WHSMITH PLC
TK Maxx|TKMAXX|TJ MAXX
Marks & Spencer|MARKS&SPENCER PLC|MARKS AND SPENCER|M&S
Sports Direct|SPORTSDIRECT.COM
JD Sports|JD SPORTS FASHION
Decathlon
Etsy|ETSY.COM
Shein|SHEIN.COM
Temu|TEMU.COM
AliExpress|ALIEXPRESS.COM
Wayfair
Dunelm
The Range|CDS SUPERSTORES
Home Bargains|TJ MORRIS
B&M|B&M RETAIL|B & M BARGAINS
Poundland
Wilko|WILKO RETAIL
The Works
Hobbycraft
Smyths Toys
Lego Store|LEGO
GAME Digital
CeX|CEX LTD
River Island
New Look
Matalan
Mango
Schuh
Clarks|C&J CLARK
Office Shoes
Superdry
Fat Face
White Stuff
Joules
Selfridges
Harrods
Liberty London
Debenhams
House of Fraser
Very.co.uk|VERY
Boohoo|BOOHOO.COM
PrettyLittleThing
Vinted
Depop
Lakeland
Robert Dyas
Oliver Bonas
Card Factory
Clintons Cards
Pets at Home|PETS AT HOME LTD
Jollyes
Target|TARGET T-|TARGET 000
Best Buy|BESTBUY.COM
The Home Depot|HOME DEPOT #
Lowe's|LOWES #
Macy's|MACYS
Kohl's
Nordstrom
Marshalls
Ross Stores
Old Navy
Gap
Dollar Tree
Dollar General
Five Below
Michaels Stores
Hobby Lobby
Staples
Office Depot
GameStop
Barnes & Noble
Kmart
Big W
JB Hi-Fi
Harvey Norman
Bunnings Warehouse|BUNNINGS
Myer
David Jones
Officeworks
Rebel Sport
Canadian Tire
Hudson's Bay
Winners
HomeSense
Indigo Books
MediaMarkt|MEDIA MARKT
Saturn Electro
Zalando|ZALANDO SE
Otto Versand|OTTO GMBH
C&A
Thalia
Fnac
Darty
Leroy Merlin
Bauhaus
OBI Markt
Hornbach
Action
Hema
Bol.com
Coolblue
El Corte Ingles
Muji
Daiso
Don Quijote
Yodobashi Camera
Bic Camera
Lazada
Shopee
Flipkart
Myntra
Taobao
Takashimaya
Isetan
Courts
Wish.com
Best Buy Canada
Costco Online
Overstock
Chewy
Zappos
Newegg
Waterstones Online
Blackwells
Foyles
Ryman
Pandora Jewellery
H Samuel
Ernest Jones
Goldsmiths
Warren James
Apple Retail
Samsung Store
Argos Online
Amazon Business
eBay UK
Argos Click & Collect
John Lewis Online
Primark Online
Next Online|NEXT ONLINE
H&M Online
Zara Online
Uniqlo Online
IKEA Online
Currys Online
Apple.com Store|APPLE.COM/UK
Samsung UK
Dyson
Ao.com|AO RETAIL
Richer Sounds
Maplin
Box.co.uk
Scan Computers
Overclockers
Very Group
Littlewoods
JD Williams
Simply Be
Jacamo
Freemans
Marisota
Ann Summers
Accessorize
Monsoon
Oasis
Warehouse Fashion
Karen Millen
Coast
Phase Eight
Hobbs
Whistles
Reiss
Ted Baker
Jigsaw
Boden
Seasalt Cornwall
Crew Clothing
Jack Wills
Hollister
Abercrombie & Fitch
Urban Outfitters
Free People
Anthropologie
COS
& Other Stories
Arket
Weekday
Monki
Pull & Bear
Bershka
Stradivarius
Massimo Dutti
Oysho
Zara Home
H&M Home
Mango Outlet
Levi's
Diesel
G-Star Raw
Calvin Klein
Tommy Hilfiger
Ralph Lauren
Lacoste
Hugo Boss
Nike|NIKE.COM|NIKE STORE
Adidas|ADIDAS UK
Puma
Under Armour
New Balance
Asics
Reebok
Vans
Converse
Skechers
Foot Locker
Footasylum
Office Online
Kurt Geiger
Dune London
Russell & Bromley
Timberland
Dr Martens
Ugg
Crocs
Birkenstock
Mountain Warehouse
Go Outdoors
Blacks
Millets
Cotswold Outdoor
Trespass
Regatta
Craghoppers
Patagonia
The North Face
Rohan
Rapha
Evans Cycles
Halfords|HALFORDS LTD
Wiggle
Chain Reaction Cycles
Sigma Sports
Decathlon Online
Sweaty Betty
Lululemon
Gymshark
Myprotein|MYPROTEIN.COM
Bulk Powders
TK Maxx Online
HomeSense UK
Sports Direct Online
USC
Flannels
Cruise Fashion
End Clothing
Mr Porter
Net-a-Porter
Matches Fashion
Farfetch
Browns
Harvey Nichols
Fenwick
Bentalls
Beales
Jarrold
Frasers
Lakeland Online
Habitat
Heal's
Loaf
Made.com
Furniture Village
DFS
ScS
Sofology
Barker and Stonehouse
Oak Furnitureland
Bensons for Beds
Dreams
Simba Sleep
Emma Mattress
Silentnight
Carpetright
Tapi Carpets
Topps Tiles
Tile Giant
Magnet Kitchens
Howdens
Wren Kitchens
Homebase
Dobbies Garden Centres
Wyevale
Notcutts
Squires
Hillier
Blue Diamond
Thompson & Morgan
Crocus
Haskins
The Entertainer
Toys R Us
Hamleys
Build-A-Bear
Mothercare
Mamas & Papas
JoJo Maman Bebe
Kiddicare
Early Learning Centre
Games Workshop
Forbidden Planet
Zavvi
HMV
Fopp
Rough Trade
Music Magpie
Carphone Warehouse
Fonehouse
Stationery Box
Paperchase Online
Scribbler
Moonpig
Funky Pigeon
Thortful
Not on the High Street|NOTONTHEHIGHSTREET
Prezzybox
Firebox
Menkind
IWOOT
Oliver Bonas Online
Cath Kidston
Radley
Fossil
Swatch
Beaverbrooks
Mappin & Webb
Links of London
Thomas Sabo
Swarovski
Claire's Accessories
Lovisa
Hotter Shoes
Moss Bros
Charles Tyrwhitt
TM Lewin
Hawes & Curtis
Suit Direct
Slaters
Peacocks
Bonmarche
M&Co
Select Fashion
Quiz Clothing
In The Style
Missguided
Nasty Gal
Pretty Green
Joules Online
FatFace Online
White Company|THE WHITE COMPANY
Tu Clothing
George at Asda|GEORGE.COM
F&F Clothing
Matalan Online
Shoe Zone
Deichmann
Brantano
Pavers
Clarks Outlet
Bicester Village
Westfield
Trafford Centre
Bluewater
Meadowhall
Lakeside
Walmart.com|WALMART.COM
Amazon US|AMAZON.COM*
eBay US
Etsy US
Target.com|TARGET.COM
Kohl's Online
JCPenney
Dillard's
Belk
Bloomingdale's
Saks Fifth Avenue
Neiman Marcus
Nordstrom Rack
Burlington
HomeGoods
Sierra Trading Post
Big Lots
Ollie's Bargain Outlet
Tuesday Morning
At Home
Pier 1
Crate & Barrel
CB2
Pottery Barn
West Elm
Williams-Sonoma
Restoration Hardware|RH
Ashley Furniture
Rooms To Go
Bob's Discount Furniture
Mattress Firm
Sleep Number
Casper
Purple
Ace Hardware
True Value
Menards
Harbor Freight
Tractor Supply
Northern Tool
Sherwin-Williams
Benjamin Moore
Guitar Center
Sam Ash
Sweetwater
B&H Photo
Adorama
Micro Center
Apple Store US
Microsoft Store
Dell|DELL.COM
HP Store
Lenovo
Samsung US
Bose
Sonos
Dick's Sporting Goods
Academy Sports
Big 5 Sporting Goods
Bass Pro Shops
Cabela's
REI|REI.COM
Sportsman's Warehouse
Scheels
Finish Line
Champs Sports
DSW
Famous Footwear
Payless ShoeSource
Journeys
Zumiez
PacSun
Aeropostale
American Eagle|AMERICAN EAGLE OUTFITTERS
Express
J.Crew
Banana Republic
Ann Taylor
Loft
Talbots
Chico's
White House Black Market
Torrid
Lane Bryant
Victoria's Secret
Bath & Body Works
Claire's
Hot Topic
Spencer Gifts
Party City
Joann Fabrics
Hobby Lobby Online
Michaels Online
Barnes & Noble Online
Books-A-Million
Half Price Books
Powell's Books
Toys R Us Canada
Mastermind Toys
Simons
Roots
Aritzia
Lululemon Canada
Mark's
Sport Chek
Atmosphere
La Maison Simons
Structube
The Brick
Leon's
Best Buy CA
The Source
Staples Canada
Dollarama
Giant Tiger
Kmart Australia
Target Australia
Big W Online
Myer Online
David Jones Online
Country Road
Witchery
Sportsgirl
Cotton On
Jay Jays
Just Jeans
Jeanswest
Glue Store
Culture Kings
Platypus
Hype DC
Athlete's Foot
Rebel
Amart Sports
BCF
Anaconda
Kathmandu
Macpac
Briscoes
Farmers NZ
The Warehouse NZ
Noel Leeming
Mitre 10
Bunnings NZ
Spotlight
Lincraft
Adairs
Freedom Furniture
Fantastic Furniture
Amart Furniture
Koala
IKEA Australia
The Good Guys
Bing Lee
Catch.com.au
Kogan
Temple & Webster
Booktopia
Dymocks
QBD Books
Typo
Smiggle
Peter Alexander
Zalando Lounge
About You
Bonprix
Galeria Kaufhof|GALERIA
KaDeWe
Breuninger
Peek & Cloppenburg
Karstadt
Hugendubel
Conrad Electronic
Cyberport
Notebooksbilliger
Alternate
Mindfactory
Expert
Euronics
Depot
Butlers
Kik
Takko
Ernsting's Family
NKD
Tedi
Woolworth DE
Deichmann DE
Snipes
Intersport
Sport Scheck
Globetrotter
Decathlon DE
Toom Baumarkt
Hagebaumarkt
Globus Baumarkt
Obi Online
Ikea Deutschland
Porta Moebel
XXXLutz
Moebel Kraft
Hoeffner
Roller
Poco
Dänisches Bettenlager|JYSK
Galeries Lafayette
Printemps
Le Bon Marche
BHV Marais
Monoprix Mode
Kiabi
Celio
Jules
Camaieu
Promod
Etam
Boulanger
Cdiscount
La Redoute
Vinted France
Veepee
Castorama
Brico Depot
Mr Bricolage
Maisons du Monde
Alinea
Conforama
But
Gifi
La Foir'Fouille
Action France
Hema France
Bol Winkel
Wehkamp
Blokker
Xenos
Praxis
Gamma
Karwei
Intratuin
Mediamarkt NL
Bijenkorf|DE BIJENKORF
V&D
Primark NL
Zeeman
Wibra
Action NL
Decathlon NL
El Corte Ingles Online
Fnac Espana
MediaMarkt Espana
Leroy Merlin Espana
Primark Espana
Pull&Bear Espana
Sfera
Tiendanimal
Kiwoko
Rinascente
Coin
OVS
Unieuro
Euronics Italia
Mondadori
Feltrinelli
Tiger Store|FLYING TIGER
Normal
Søstrene Grene
Clas Ohlson
Jula
Biltema
Elgiganten
Power
Stadium
XXL Sport
Ahlens
NK
Stockmann
Verkkokauppa
Gigantti
Tokmanni
Lindex
KappAhl
Gina Tricot
Uniqlo Japan
GU
Muji Japan
Nitori
Loft Japan
Tokyu Hands
Don Quijote Japan
Aeon Mall
Lumine
Parco
Marui
Daimaru
Hankyu Department Store
Mitsukoshi Ginza
Rakuten Ichiba
Amazon Japan|AMAZON.CO.JP
Mercari
Coupang
Gmarket
11st
Lotte Department Store
Shinsegae
Hyundai Department Store
Tmall
JD.com
Pinduoduo
Sogo
Harbour City
Yata
Wing On
Citysuper
Fortress
Broadway HK
Courts Singapore
Challenger
Harvey Norman SG
Best Denki
Robinsons
Metro Department Store
Isetan Singapore
Takashimaya Singapore
Qoo10
Zalora
Lazada Singapore
Shopee Singapore
Amazon.sg
Carousell
Parkson
Mr DIY
Ace Hardware SG
Popular Bookstore
Kinokuniya
Times Bookstores
Ajio
Nykaa Fashion
Meesho
Tata Cliq
Croma
Reliance Digital
Vijay Sales
Lifestyle Stores
Shoppers Stop
Pantaloons
Westside
Max Fashion
Decathlon India
Ikea India
Pepperfry
Urban Ladder
Noon.com|NOON
Amazon.ae
Namshi
Centrepoint
Home Centre
Sharaf DG
Jumbo Electronics
Virgin Megastore
Mr Price
Edgars
Woolworths SA Fashion
Takealot
Game Stores SA
Makro SA
Bed Bath & Beyond
Family Dollar
PayPal Shop|PAYPAL *SHOP
The Reject Shop
Kaufhof
Woolworth Deutschland
Lefties
Brico Mart
Worten
Upim
Manor Warenhaus
Jelmoli
Digitec Galaxus|GALAXUS
Interdiscount
Elkjop
Allegro|ALLEGRO.PL
Empik
RTV Euro AGD
Reserved
CCC Obuwie
Smyk
Emag
Poundstretcher
Topshop
Google Store
Foot Asylum
Petco|PETCO #
PetSmart|PETSMART #
Petbarn
Tokopedia
Game South Africa
Incredible Connection
Liverpool Mexico|LIVERPOOL DEPARTAMENTAL
Mercado Libre|MERCADOLIBRE
Falabella
Americanas
Magazine Luiza
""")

HEALTH_PERSONAL_CARE = merchants("""
Boots|BOOTS THE CHEMIST|BOOTS UK|BOOTS PHARMACY
Superdrug|SUPERDRUG STORES
Lloyds Pharmacy|LLOYDSPHARMACY
Well Pharmacy
Rowlands Pharmacy
Specsavers|SPECSAVERS OPTICIANS
Vision Express
Boots Opticians
Optical Express
Bupa Dental Care|BUPA DENTAL
MyDentist|MY DENTIST
Toni&Guy|TONI & GUY
Rush Hair
Headmasters
Regis Salons
Supercuts
Great Clips
Sport Clips
Ulta Beauty
Sephora
Lush|LUSH RETAIL
The Body Shop
Holland & Barrett|HOLLAND AND BARRETT
CVS Pharmacy|CVS/PHARMACY|CVS
Walgreens|WALGREENS #
Rite Aid
Duane Reade
Shoppers Drug Mart
London Drugs
Rexall
Chemist Warehouse
Priceline Pharmacy
TerryWhite Chemmart
Amcal
dm-drogerie markt|DM DROGERIE|DM-DROGERIE MARKT
Rossmann
Mueller Drogerie|MULLER
Douglas Parfuemerie|DOUGLAS
Kruidvat
Etos
Watsons
Guardian Pharmacy
Mannings
Matsumoto Kiyoshi
Apollo Pharmacy
Pharmacy2U
Treatwell
Fresha
Benefit Cosmetics
MAC Cosmetics
Nails Inc
NHS Prescription|NHS PRESCRIPTION|NHSBSA PPC
Asda Pharmacy
Tesco Pharmacy
Medicross
Bupa Health Centre
Nuffield Health Hospital
Spire Healthcare
Practice Plan Dental|PRACTICE PLAN
Denplan
Simply Teeth
Smile Direct Club
Invisalign
LensCrafters
Pearle Vision
OPSM
Fielmann
Apotheke am Markt
Pharmacie Centrale
Farmacia Centrale
Holland Barrett Online
Look Fantastic
Beauty Bay
Feelunique
Glossier
Boots Online|BOOTS.COM
Superdrug Online|SUPERDRUG.COM
Savers Health & Beauty|SAVERS
Bodycare
Day Lewis Pharmacy
Jhoots Pharmacy
Cohens Chemist
Numark Pharmacy
Avicenna Pharmacy
Paydens Pharmacy
Hollowood Chemists
Careway Pharmacy
Peak Pharmacy
Pharmacy First
Chemist4U
Oxford Online Pharmacy
Simple Online Pharmacy
Zava
Medino
LloydsDirect
Asda Opticians
Tesco Opticians
Leightons Opticians
Scrivens Opticians
Black & Lizars
Hakim Group
Bayfields Opticians
Optical Center
Glasses Direct
Lenstore
Vision Direct
Feel Good Contacts
Portman Dental Care
Rodericks Dental
Together Dental
Dental Beauty
Colosseum Dental
Clyde Munro Dental
Smileworks
Harley Street Dental
Straight My Teeth
HCA Healthcare UK
Circle Health Group
Ramsay Health Care
Babylon Health
Push Doctor
Livi
Doctor Care Anywhere
Superdrug Health Clinic
Boots Health Clinic
Holland & Barrett Online
Neal's Yard Remedies
Rituals
L'Occitane
Kiehl's
Clinique
Estee Lauder
Charlotte Tilbury
Jo Malone
Aesop
Molton Brown
The Perfume Shop
Fragrance Direct
Cult Beauty
Space NK
Bare Minerals
Ulta
Sally Beauty
Rush Hair & Beauty
Francesco Group
Saks Hair
Mahogany Hair
Vidal Sassoon|SASSOON
Aveda
Blue Tit
Hershesons
Murdock London
Ruffians Barbers
Pall Mall Barbers
Regis UK
Supercuts US
Fantastic Sams
Cost Cutters
SmartStyle
Floyd's 99 Barbershop
Drybar
European Wax Center
Massage Envy
Hand & Stone
Elements Massage
The Joint Chiropractic
Walgreens Pharmacy
CVS MinuteClinic
Rite Aid Pharmacy
Kroger Pharmacy
Walmart Pharmacy
Costco Pharmacy
Publix Pharmacy
H-E-B Pharmacy
Express Scripts
OptumRx
Capsule Pharmacy
Amazon Pharmacy
GoodRx
Hims
Hers
Ro Health|RO
Zocdoc
One Medical
Teladoc
LabCorp
Quest Diagnostics
Aspen Dental
Heartland Dental
Pacific Dental
Western Dental
Coast Dental
Warby Parker
Visionworks
America's Best Contacts
Eyemart Express
MyEyeDr
1-800 Contacts
Costco Optical
Jean Coutu
Uniprix
Familiprix
Pharmasave
Lawtons Drugs
Guardian Pharmacy CA
IDA Pharmacy
PharmaChoice
Loblaw Pharmacy
Priceline AU
Blooms The Chemist
Soul Pattinson Chemist
Discount Drug Stores
Amcal Pharmacy
Good Price Pharmacy
National Pharmacies
Capital Chemist
Unichem
Life Pharmacy
Bargain Chemist
Specsavers Australia
OPSM Australia
Bupa Optical
Smile Solutions
Pacific Smiles
Sydney Dental
Bupa Dental Australia
Doc Morris
Shop Apotheke
Medpex
Sanicare
Apotal
Stadt Apotheke
Rathaus Apotheke
Bahnhof Apotheke
Loewen Apotheke
Hirsch Apotheke
Easy Apotheke
Budni
Douglas Online
Flaconi
Parfumdreams
Fielmann Optik
Apollo Optik
Krass Optik
Pharmacie Lafayette
Pharmacie du Centre
Pharmacie de la Gare
Parapharmacie Leclerc
Nocibe
Marionnaud
Yves Rocher
Sephora FR
Optic 2000
Afflelou
Krys
Atol
General d'Optique
Etos Online
DA Drogist
Trekpleister
Holland & Barrett NL
Pearle Opticiens
Hans Anders
Eyewish
Primor
Druni
Clarel
Multiopticas
General Optica
Farmacia Comunale
Acqua & Sapone
Tigota
Salmoiraghi & Vigano
Apoteket
Apotek Hjartat
Kronans Apotek
Matas
Synsam
Specsavers Sverige
Boots Ireland
Hickey's Pharmacy
McCabes Pharmacy
Life Pharmacy Ireland
Sugi Pharmacy
Welcia
Tsuruha
Sundrug
Cosmos Drug
Kokumin
Daikoku Drug
Olive Young
Lalavla
Watsons HK
Mannings HK
Bonjour
Sasa
Guardian SG
Unity Pharmacy
Watsons Malaysia
Caring Pharmacy
AA Pharmacy
Mercury Drug
Rose Pharmacy
Boots Thailand
Fascino
Apollo Pharmacy India
Netmeds
1mg|TATA 1MG
PharmEasy
Wellness Forever
Nykaa
Purplle
Lenskart
Titan Eye Plus
Aster Pharmacy
Life Pharmacy UAE
Boots UAE
BinSina
Dis-Chem
Clicks
Medirite
""")

SUBSCRIPTIONS = merchants("""
Netflix|NETFLIX.COM|NETFLIX INTERNATIONAL
Spotify|SPOTIFY UK|SPOTIFY AB|SPOTIFY USA|Spotify P
Disney Plus|DISNEY PLUS|DisneyPLUS|DISNEY+
Amazon Prime|AMAZON PRIME*|Prime Video|AMZN PRIME|AMAZON PRIME MEMBERSHIP
Apple.com/bill|APPLE.COM/BILL|ITUNES.COM/BILL|APPLE SERVICES
iCloud|APPLE ICLOUD
Apple Music
Apple TV+|APPLE TV
Google One|GOOGLE *Google One|GOOGLE STORAGE
YouTube Premium|GOOGLE *YouTube|YOUTUBE PREMIUM|GOOGLE *YouTubePremium
Adobe|ADOBE *CREATIVE CLD|ADOBE SYSTEMS|ADOBE *ACROPRO
Microsoft 365|MSFT * MICROSOFT 365|MICROSOFT*OFFICE 365|MICROSOFT*SUBSCRIPTION
Dropbox|DROPBOX*
OpenAI ChatGPT|OPENAI *CHATGPT SUBSCR|CHATGPT SUBSCRIPTION
Now TV|NOW TV|NOWTV
Paramount Plus|PARAMOUNT+
Hulu|HULU LLC
Max|HBO MAX|MAX.COM
Peacock|PEACOCK TV
Crunchyroll
DAZN
Audible|AUDIBLE UK|AUDIBLE LTD
Kindle Unlimited|KINDLE SVCS
Deezer
Tidal
SoundCloud
Patreon|PATREON* MEMBERSHIP
Duolingo
Headspace
Calm.com
Strava
Peloton|PELOTON MEMBERSHIP
Xbox Game Pass|MICROSOFT*XBOX GAME PASS
PlayStation Plus|PLAYSTATION PLUS
Nintendo Switch Online
Canva|CANVA* PRO
Notion Labs
Zoom.us|ZOOM.US
LinkedIn Premium|LINKEDIN PREMIUM
Tinder|TINDER PLUS
Bumble
Hinge
The Times Subscription|TIMES NEWSPAPERS|THE TIMES
The Guardian Supporter|GUARDIAN NEWS & MEDIA
The Economist
New York Times|NYTIMES|NYT DIGITAL
Washington Post
Financial Times|FT.COM
Medium.com
Substack
BritBox
Stan.com.au|STAN
Binge
Kayo Sports
Crave TV
Joyn
WOW TV
PureGym|PURE GYM|PUREGYM LTD
The Gym Group|THE GYM LTD
Anytime Fitness
David Lloyd Leisure|DAVID LLOYD
Virgin Active
Nuffield Health Fitness
Better Leisure|GLL BETTER
Everyone Active
24 Hour Fitness
Planet Fitness
LA Fitness
Fitness First
F45 Training
Snap Fitness
Equinox
Gold's Gym
GoodLife Fitness
McFit
Basic-Fit|BASIC FIT
Jetts Fitness
Gymbox
Third Space
1Rebel
ClassPass
GitHub|GITHUB.COM
JetBrains
1Password
NordVPN
ExpressVPN
Norton|NORTONLIFELOCK
McAfee
Grammarly
Squarespace
Wix.com
Google Workspace|GOOGLE *GSUITE
Amazon Music Unlimited|AMAZON MUSIC
Apple One
Microsoft Ultimate|MICROSOFT*ULTIMATE
Evernote
Todoist
Babbel
Masterclass
Skillshare
Coursera
Discovery Plus
ITVX Premium
Mubi
Curzon Home Cinema
Shudder
Pandora Music
SiriusXM
Sky Go Extra
Nextory
Storytel
Netflix UK
Spotify Premium|SPOTIFY PREMIUM
Spotify Family
YouTube Music|GOOGLE *YouTube Music
YouTube TV
Apple Arcade
Apple News+
Apple Fitness+
Google Play Pass
Google Nest Aware
Amazon Kids+
Prime Video Channels
Disney+ Hotstar
Hotstar
JioCinema
SonyLIV
Zee5
Voot
ALTBalaji
Netflix India
Spotify India
Gaana
JioSaavn
Wynk Music
iQIYI
Viu
Viki
WeTV
Tencent Video
Youku
Bilibili
Line Music
U-Next
Hulu Japan
Abema
DAZN Japan
Niconico
Melon
Genie Music
Tving
Wavve
Coupang Play
Watcha
Showmax
Shahid
OSN+
StarzPlay
Anghami
Apple TV Plus|APPLE TV+ SUBSCRIPTION
Paramount+ UK
ITVX
BritBox UK
Acorn TV
Sundance Now
AMC+
Starz
Showtime
Fubo TV|FUBOTV
Sling TV
Philo
Frndly TV
ESPN+
NBA League Pass
NFL+
MLB.tv
NHL.tv
F1 TV
WWE Network
UFC Fight Pass
Discovery+
CuriosityStream
Nebula
Dropout
Funimation
HiDive
VRV
Crunchyroll Premium
Spotify Duo
Apple Music Student
Qobuz
Napster
iHeartRadio
Audible Plus
Scribd
Everand
Kobo Plus
BookBeat
Blinkist
Readly
Zinio
PressReader
Kindle Unlimited UK
The Telegraph|TELEGRAPH MEDIA GROUP
The Independent
Daily Mail+
The i Paper
Wall Street Journal|WSJ
Bloomberg
The Atlantic
The New Yorker
Wired
Spectator
New Statesman
Private Eye
Der Spiegel
Die Zeit
FAZ
Sueddeutsche
Le Monde
Le Figaro
Mediapart
NRC
De Volkskrant
El Pais
Corriere della Sera
Sydney Morning Herald
The Australian
Globe and Mail
Toronto Star
South China Morning Post
Straits Times
Times of India
Nikkei
Microsoft Xbox Live|XBOX LIVE
Xbox Game Pass Ultimate
EA Play
Ubisoft+
Nintendo Switch Online Family
PlayStation Plus Extra
Apple iCloud+
Google One AI Premium
OneDrive
Box.com
pCloud
Sync.com
Backblaze
Carbonite
iDrive
Proton Mail|PROTON AG
Fastmail
Tuta
Surfshark
CyberGhost
Private Internet Access
Mullvad
ProtonVPN
Bitdefender
Kaspersky
Avast
AVG
Malwarebytes
ESET
Dashlane
LastPass
Bitwarden
Keeper
NordPass
Zoom Pro
Microsoft Teams Essentials
Slack Pro
Notion Plus
Evernote Premium
Obsidian Sync
Craft Docs
Bear App
Fantastical
Setapp
CleanMyMac
Parallels
Adobe Photoshop
Adobe Lightroom
Adobe Acrobat
Figma
Sketch
Canva Teams
Envato Elements
Shutterstock
Adobe Stock
Epidemic Sound
Artlist
Splice
Grammarly Premium
ChatGPT Plus|OPENAI *CHATGPT
Claude Pro|ANTHROPIC
Perplexity Pro
Midjourney
GitHub Copilot
Cursor
Replit
JetBrains All Products
Vercel
Netlify
Heroku
DigitalOcean
Linode
AWS|AMAZON WEB SERVICES
Google Cloud
Microsoft Azure
Cloudflare
Namecheap
GoDaddy Renewal
Wix Premium
Squarespace Renewal
WordPress.com
Shopify Subscription|SHOPIFY*
Mailchimp
Substack Subscription
Patreon Membership
Ko-fi
OnlyFans
Twitch Subscription|TWITCH SUB
Discord Nitro|DISCORD* NITRO
Reddit Premium
X Premium|TWITTER BLUE
Snapchat+
Telegram Premium
Tinder Gold
Bumble Premium
Hinge+
Match.com
eHarmony
Grindr XTRA
Raya
Headspace Plus
Calm Premium
Noom
MyFitnessPal Premium
WeightWatchers|WW INTERNATIONAL
Fitbit Premium
Whoop
Oura
Apple Fitness
Zwift
TrainerRoad
Peloton App
Les Mills+
Beachbody
Fiit
Centr
Freeletics
Strava Premium
Komoot
AllTrails
Duolingo Plus|DUOLINGO SUPER
Babbel Subscription
Rosetta Stone
Memrise
Busuu
Quizlet
Chegg
Brilliant
Codecademy
Udemy Personal Plan
LinkedIn Learning
Pluralsight
DataCamp
O'Reilly Learning
Masterclass Annual
Domestika
Skillshare Premium
Coursera Plus
edX
Graze Box
Birchbox
Glossybox
Beauty Pie
Dollar Shave Club
Harry's
Freddie's Flowers
Bloom & Wild Subscription
Pact Coffee
BarkBox
Butternut Box
Tails.com
Costco Membership
Sam's Club Membership
Walmart+
Amazon Prime Student
Deliveroo Plus
Uber One
DoorDash DashPass
Grubhub+
Instacart+
Tesco Clubcard Plus
Sainsbury's Delivery Pass
Ocado Smart Pass
PureGym Plus
PureGym Ltd|PUREGYM*
The Gym Ltd Membership
Anytime Fitness UK
Nuffield Health Membership
Virgin Active Membership
David Lloyd Clubs
Bannatyne Health Club|BANNATYNE
Snap Fitness UK
JD Gyms
Energie Fitness
Xercise4Less
Sports Direct Fitness
Leisure Centre Membership
Places Leisure
Freedom Leisure
Fusion Lifestyle
Parkwood Leisure
Serco Leisure
Everyone Active Membership
Better Gym
Gym Group Membership
Equinox Membership
Crunch Fitness
Blink Fitness
Orangetheory Fitness
SoulCycle
Barry's Bootcamp
CorePower Yoga
YogaWorks
Pure Barre
Club Pilates
Xponential
Life Time Fitness
Chuze Fitness
EoS Fitness
Retro Fitness
YMCA Membership|YMCA
JCC
Goodlife Fitness Canada
Fit4Less
Planet Fitness Canada
World Gym
Anytime Fitness Australia
Plus Fitness
Fitness First Australia
Goodlife Health Clubs
Jetts
Crunch Australia
Genesis Health & Fitness
F45 Australia
Snap Fitness NZ
Les Mills NZ
McFit Deutschland
Clever Fit
FitX
Fitness First Deutschland
John Reed
Urban Sports Club
ClassPass Membership
Basic Fit France
Fitness Park
L'Orange Bleue
Keep Cool
Neoness
Basic Fit NL
SportCity
Anytime Fitness NL
Fit for Free
VivaGym
Altafit
Holmes Place
Virgin Active Italia
McFit Italia
SATS
Elixia
Fitness24Seven
Actic
Evo Fitness
Gold's Gym Japan
Anytime Fitness Japan
Konami Sports
Tipness
Curves
Pure Fitness HK
Fitness First Asia
Virgin Active Singapore
Anytime Fitness SG
Cult.fit
Gold's Gym India
Fitness First Malaysia
Celebrity Fitness
Fitness Time
GymNation
Virgin Active SA
Planet Fitness SA
""")

ENTERTAINMENT = merchants("""
Odeon|ODEON CINEMAS|ODEON CINEMAS LIMITED
Vue Cinemas|VUE ENTERTAINMENT|VUE
Cineworld|CINEWORLD CINEMAS
Everyman Cinema
Picturehouse
Showcase Cinemas
AMC Theatres|AMC #|AMC ONLINE
Regal Cinemas
Cinemark
Alamo Drafthouse
Event Cinemas
Hoyts
Village Cinemas
Cineplex
CinemaxX
UCI Kinowelt
Pathe
Kinepolis
Golden Village
Shaw Theatres
TOHO Cinemas
Ticketmaster|TICKETMASTER UK|TM *TICKETMASTER
See Tickets|SEETICKETS
Eventbrite|EVENTBRITE*
AXS
DICE|DICE FM
Skiddle
StubHub
Viagogo
Live Nation
Ticketek
ATG Tickets
LW Theatres
National Theatre
Royal Albert Hall
Wembley Stadium
Tate|TATE ENTERPRISES
British Museum
Natural History Museum
Science Museum
V&A Museum
ZSL London Zoo|ZSL
Chester Zoo
Alton Towers|MERLIN ENTERTAINMENTS
Thorpe Park
Legoland
Disneyland Paris
Universal Studios
Six Flags
Warner Bros Studio Tour
Hollywood Bowl
Tenpin
Puttshack
Flight Club
Topgolf
Bet365|BET365|BET 365
Paddy Power|PADDYPOWER
William Hill|WILLIAMHILL
Ladbrokes
Coral
Betfair
Sky Bet|SKYBET
Betfred
Betway
888 Casino|888.COM
Unibet
PokerStars
National Lottery|CAMELOT UK LOTTERY|NATIONAL LOTTERY ONLINE|ALLWYN
People's Postcode Lottery
DraftKings
FanDuel
BetMGM
Sportsbet
TAB
Tipico
Lotto Bayern
Steam|STEAMGAMES|STEAM PURCHASE
PlayStation Store|PLAYSTATIONNETWORK|SONY PLAYSTATION
Xbox Store|MICROSOFT*XBOX STORE
Nintendo eShop|NINTENDO
Epic Games
Roblox|ROBLOX CORPORATION
Riot Games
Blizzard Entertainment
Electronic Arts|EA
Twitch
Ryanair|RYANAIR LTD|RYANAIR DAC
easyJet|EASYJET|WWW.EASYJET.COM
British Airways|BRITISH AIRWAYS|BRITISH A
Jet2|JET2.COM
Wizz Air|WIZZAIR
TUI|TUI UK
Virgin Atlantic
Loganair
Aer Lingus
Lufthansa
KLM
Air France
Iberia
Vueling
Norwegian Air
SAS Scandinavian Airlines
Swiss International
Eurowings
Transavia
Emirates
Qatar Airways
Etihad Airways
Turkish Airlines
Singapore Airlines
Cathay Pacific
Qantas|QANTAS AIRWAYS
Virgin Australia
Jetstar
Air New Zealand
Air Canada
WestJet
Delta Air Lines|DELTA AIR|DELTA AIR LINES
United Airlines|UNITED 016
American Airlines|AMERICAN AIR
Southwest Airlines|SOUTHWES
JetBlue
Alaska Airlines
Spirit Airlines
AirAsia
Scoot
ANA All Nippon
Japan Airlines
IndiGo
Premier Inn|PREMIER INN
Travelodge
Hilton|HILTON HOTELS
Marriott|MARRIOTT HOTELS
Holiday Inn|HOLIDAY INN EXPRESS
Ibis Hotel
Novotel
Hyatt
Radisson
Best Western
Motel One
citizenM
Hampton Inn
Courtyard by Marriott
Sheraton
Westin
Accor Hotels
Booking.com|BOOKING.COM|BKG*BOOKING.COM
Airbnb|AIRBNB * |AIRBNB PAYMENTS
Expedia|EXPEDIA*TRIP|EXPEDIA
Hotels.com|HOTELS.COM
lastminute.com
Agoda
Trip.com
Vrbo
On the Beach
loveholidays
Jet2holidays
Center Parcs
Haven Holidays
Butlins
Hostelworld
GetYourGuide
Viator
Klook
Merlin Annual Pass
Go Ape
Gravity Trampoline
Boom Battle Bar
Bounce Ping Pong
Namco Funscape
Odeon Luxe
Royal Opera House
Southbank Centre
Barbican Centre
O2 Academy
Ronnie Scott's
Comedy Store
Odeon Online
Vue Online
Everyman Online
Curzon Cinemas
Light Cinemas
Reel Cinemas
Scott Cinemas
Omniplex
Empire Cinemas
Cineworld Ireland
Irish Film Institute
BFI
Prince Charles Cinema
Electric Cinema
Showcase Online
Harkins Theatres
Marcus Theatres
Cinepolis
Landmark Theatres
Angelika Film Center
iPic Theaters
Studio Movie Grill
Fandango|FANDANGO.COM
Atom Tickets
Cineplex Online
Landmark Cinemas Canada
Reading Cinemas
Palace Cinemas
Dendy
Hoyts Online
Event Cinemas NZ
CineStar
Cinemaxx Online
Kinopolis
Yorck Kinos
Gaumont
MK2
UGC
CGR Cinemas
Pathe Online
Vue Nederland
Kinepolis Online
Yelmo Cines
Cinesa
The Space Cinema
UCI Cinemas Italia
SF Bio
Filmstaden
Finnkino
Nordisk Film Kino
TOHO Cinemas Japan
109 Cinemas
Aeon Cinema
CGV
Lotte Cinema
Megabox
Broadway Circuit
Cathay Cineplexes
GSC Cinemas
TGV Cinemas
PVR Cinemas
INOX
Cinepolis India
VOX Cinemas
Reel Cinemas Dubai
Ster-Kinekor
Nu Metro
Ticketmaster US|TICKETMASTER.COM
Ticketmaster AU
Ticketmaster DE
Eventim
Fnac Spectacles
Ticketek AU
Moshtix
Oztix
Humanitix
Trybooking
Universe Tickets
Tix.com
SeatGeek
Vivid Seats
TodayTix
Broadway.com
Telecharge
Ticketsource
Gigantic
Ticketline
Ticketweb
Resident Advisor|RA TICKETS
Fatsoma
Tixr
Shotgun
Songkick
Glastonbury Festival
Reading Festival
Download Festival
Boomtown
Creamfields
Wireless Festival
BST Hyde Park
Latitude Festival
Isle of Wight Festival
Coachella
Lollapalooza
Bonnaroo
Splendour in the Grass
Tomorrowland
Primavera Sound
Roskilde
Sziget
Edinburgh Fringe
Shakespeare's Globe
Old Vic
Young Vic
Almeida Theatre
Donmar Warehouse
Royal Court Theatre
Royal Shakespeare Company|RSC
Royal Exchange Theatre
Bristol Old Vic
Leeds Playhouse
Birmingham Rep
Sadler's Wells
English National Opera
Glyndebourne
Nimax Theatres
Delfont Mackintosh
Ambassador Theatre Group
Trafalgar Theatres
Lyceum Theatre
Apollo Victoria
Palladium
Wembley Arena
O2 Arena|THE O2
AO Arena
Utilita Arena
OVO Hydro
Motorpoint Arena
Resorts World Arena
Co-op Live
Eventim Apollo
Roundhouse
KOKO
Brixton Academy
Jazz Cafe
Village Underground
Fabric London
Ministry of Sound
Printworks
Warehouse Project
Madison Square Garden
Barclays Center
Hollywood Bowl LA
Red Rocks
Sydney Opera House
Arts Centre Melbourne
Elbphilharmonie
Berghain
Philharmonie de Paris
Olympia Paris
Ziggo Dome
Paradiso
Melkweg
Wiener Staatsoper
Teatro alla Scala
Arsenal FC|ARSENAL TICKETS
Chelsea FC
Manchester United|MAN UTD
Manchester City|MAN CITY
Liverpool FC|LFC
Tottenham Hotspur|SPURS
Celtic FC
Rangers FC
Newcastle United
Aston Villa
West Ham United
Everton FC
Leeds United
England Rugby|RFU
Twickenham
Lord's Cricket Ground
The Oval
Wimbledon Tickets|AELTC
Silverstone
Ascot Racecourse
Cheltenham Festival
Epsom Downs
Aintree
Goodwood
Jockey Club Racecourses
MCG
SCG
AFL Tickets
NRL Tickets
FC Bayern|FC BAYERN MUENCHEN
Borussia Dortmund
Real Madrid
FC Barcelona
Paris Saint-Germain|PSG
Ajax
Juventus
AC Milan
Inter Milan
Tate Modern
National Gallery
National Portrait Gallery
Royal Academy|ROYAL ACADEMY OF ARTS
Saatchi Gallery
Serpentine
Design Museum
Imperial War Museum|IWM
Churchill War Rooms
Tower of London|HISTORIC ROYAL PALACES
Hampton Court Palace
Kensington Palace
Westminster Abbey
St Paul's Cathedral
Windsor Castle|ROYAL COLLECTION TRUST
Buckingham Palace
Edinburgh Castle
Stonehenge|ENGLISH HERITAGE
Kew Gardens|RBG KEW
Eden Project
Shard View
London Eye|COCA-COLA LONDON EYE
Madame Tussauds
Sea Life
Dungeons
Warwick Castle
Chessington World of Adventures
Blackpool Pleasure Beach
Paultons Park
Drayton Manor
Flamingo Land
Gulliver's
Adventure Island
Twycross Zoo
Whipsnade Zoo
Edinburgh Zoo
Bristol Zoo
Colchester Zoo
Longleat
Woburn Safari Park
Knowsley Safari
West Midland Safari Park
Marwell Zoo
Paignton Zoo
Blue Planet Aquarium
National Marine Aquarium
The Deep
Jump In
Oxygen Freejumping
Flip Out
Clip 'n Climb
TeamSport Karting
Capital Karts
Lane7
All Star Lanes
Bowlplex
AMF Bowling
Namco
Electric Shuffle
Swingers Crazy Golf
Junkyard Golf
Bounce
Fairgame
Ballie Ballerson
Escape Hunt
clueQuest
Secret Cinema
Immersive Gamebox
Otherworld
Sandbox VR
Hollywood Bowl Group
Disneyland|DISNEYLAND RESORT
Walt Disney World|WDW
Disney Parks
Universal Orlando
SeaWorld
Busch Gardens
Legoland Florida
Cedar Point
Knott's Berry Farm
Dollywood
Kings Island
Carowinds
Great Wolf Lodge
Dave & Buster's
Chuck E. Cheese
Main Event
Round1
Topgolf US
Bowlero
Lucky Strike
Empire State Building
Top of the Rock
Edge NYC
MoMA
Met Museum|THE MET
Guggenheim
Smithsonian
Getty Center
LACMA
Art Institute of Chicago
Field Museum
Shedd Aquarium
Georgia Aquarium
Monterey Bay Aquarium
San Diego Zoo
Bronx Zoo
CN Tower
Ripley's Aquarium
Royal Ontario Museum
Canada's Wonderland
La Ronde
Dreamworld
Movie World
Sea World Gold Coast
Wet'n'Wild
Luna Park
Taronga Zoo
Melbourne Zoo
Australia Zoo
Sydney Tower Eye
Te Papa
Sky Tower
Europa-Park
Phantasialand
Heide Park
Movie Park Germany
Legoland Deutschland
Tierpark Hagenbeck
Zoo Berlin
Deutsches Museum
Museumsinsel
Pergamonmuseum
Parc Asterix
Futuroscope
Puy du Fou
Louvre|MUSEE DU LOUVRE
Musee d'Orsay
Centre Pompidou
Tour Eiffel|SETE EIFFEL
Versailles|CHATEAU DE VERSAILLES
Efteling
Walibi
Rijksmuseum
Van Gogh Museum
Anne Frank Huis
Artis Zoo
Port Aventura
Parque Warner
Museo del Prado
Sagrada Familia
Park Guell
Gardaland
Mirabilandia
Vatican Museums
Colosseo|COLOSSEUM
Uffizi
Tivoli Gardens
Liseberg
Grona Lund
Prater
Schonbrunn
Tokyo Disney Resort
Universal Studios Japan
Tokyo Skytree
teamLab
Sanrio Puroland
Lotte World
Everland
Hong Kong Disneyland
Ocean Park
Universal Studios Singapore
Gardens by the Bay
Singapore Zoo|MANDAI WILDLIFE
Marina Bay Sands SkyPark
Sentosa
Genting Highlands
Legoland Malaysia
Imagicaa
Wonderla
Burj Khalifa|AT THE TOP
Dubai Parks
IMG Worlds
Ferrari World
Warner Bros World Abu Dhabi
Dubai Aquarium
Ski Dubai
Table Mountain Cableway
Two Oceans Aquarium
Gold Reef City
Ladbrokes Online
Coral Online
William Hill Online
Paddy Power Games
Betfair Exchange
Sky Vegas
Sky Casino
Sky Poker
Betvictor
Boylesports
Unibet UK
Betway UK
888sport
LeoVegas
Mr Green
Casumo
PlayOJO
Jackpotjoy
Mecca Bingo
Gala Bingo
Buzz Bingo
Gala Casino
Grosvenor Casinos
Hippodrome Casino
Genting Casino
Aspers Casino
Tote|TOTESPORT
Betdaq
Smarkets
Matchbook
Star Sports
Spreadex
Sporting Index
Betfred Online
Parimatch
Kwiff
Virgin Bet
Livescore Bet
Midnite
BetUK
QuinnBet
Lottoland
Health Lottery
Postcode Lottery
Caesars Sportsbook
PointsBet
BetRivers
Hard Rock Bet
ESPN Bet
bet365 US
Fanatics Sportsbook
PrizePicks
Underdog Fantasy
Chumba Casino
Stake.com
OLG
PlayNow
Loto-Quebec
Neds
Ladbrokes Australia
Bet365 Australia
Unibet Australia
Palmerbet
PlayUp
TAB NZ
Lotto NZ
The Lott
Oz Lotteries
Crown Casino
The Star Casino
SkyCity
Westlotto
Lotto24
Tipico Online
Bwin
Interwetten
Merkur Spielothek
Spielbank
FDJ
PMU
Betclic
Winamax
Unibet France
Holland Casino
Toto NL
Codere
Sisal
Snai
Lottomatica
Svenska Spel
Norsk Tipping
Veikkaus
Danske Spil
Singapore Pools
Marina Bay Sands Casino
Resorts World Sentosa
HKJC
Genting Casino Malaysia
Dream11
MPL
Steam Store|STEAMPOWERED.COM
Steam Wallet
Valve
GOG.com
Humble Bundle
itch.io
Green Man Gaming
CDKeys
Eneba
G2A
Fanatical
Ubisoft Store
Battle.net
Epic Games Store
Minecraft|MOJANG
Supercell
King.com|KING DIGITAL
Rockstar Games
Take-Two
Activision
Bethesda
Square Enix
Bandai Namco
Capcom
Sega
Konami
Nexon
NCSoft
Tencent Games
miHoYo|HOYOVERSE
Niantic
Zynga
Playtika
Scopely
Moon Active|COIN MASTER
Roblox Corp
PlayStation Network UK
Nintendo Store
Nintendo UK
Nintendo of America
British Airways Holidays
easyJet Holidays
Jet2 Holidays UK
TUI Holidays
Virgin Holidays
Thomas Cook
Sunvil
Kuoni
Trailfinders
Expedia UK
Opodo
Kiwi.com
eDreams
Kayak
Priceline
Orbitz
Travelocity
Hotwire
CheapOair
Hopper
Trivago
Momondo
Tripadvisor
Hostelworld Online
Travelodge Online
Premier Inn Online
Hilton Honors
Marriott Bonvoy
IHG|IHG HOTELS
Hyatt Hotels
Wyndham
Choice Hotels
Best Western Hotels
La Quinta
Red Roof Inn
Motel 6
Super 8
Days Inn
Comfort Inn
Quality Inn
Embassy Suites
DoubleTree
Hilton Garden Inn
Homewood Suites
Residence Inn
Fairfield Inn
SpringHill Suites
Four Seasons
Ritz-Carlton
Mandarin Oriental
Shangri-La
Peninsula Hotels
Fairmont
Kimpton
Ace Hotel
Hoxton|THE HOXTON
Soho House
Z Hotels
Hub by Premier Inn
Point A Hotels
Moxy Hotels
Motel One Online
Meininger
Generator Hostels
YHA
HI Hostels
Airbnb Experiences
Vrbo Rentals
Sykes Cottages
Cottages.com
Hoseasons
Parkdean Resorts
Pontins
Forest Holidays
Canopy & Stars
Pitchup
Eurocamp
Keycamp
Siblu
Club Med
Sandals
Royal Caribbean
Carnival Cruise
P&O Cruises
Princess Cruises
Norwegian Cruise Line
MSC Cruises
Celebrity Cruises
Cunard
Viking Cruises
Disney Cruise Line
Holland America
Virgin Voyages
Marella Cruises
Fred. Olsen
Saga Holidays
Intrepid Travel
G Adventures
Contiki
Topdeck
Trafalgar Tours
Insight Vacations
Exodus Travels
Explore Worldwide
Flybe
Blue Islands
Aurigny
Eastern Airways
Ryanair UK
easyJet Europe
Wizz Air UK
Norse Atlantic
Play Airlines
Icelandair
Finnair
LOT Polish Airlines
Austrian Airlines
Brussels Airlines
TAP Air Portugal
ITA Airways
Aegean Airlines
Croatia Airlines
Air Europa
Volotea
Condor
Discover Airlines
TUI fly
Sunexpress
Pegasus Airlines
El Al
Royal Jordanian
Saudia
Gulf Air
Oman Air
Flydubai
Air Arabia
Kuwait Airways
EgyptAir
Ethiopian Airlines
Kenya Airways
South African Airways
RwandAir
Air India
Vistara
SpiceJet
Akasa Air
SriLankan Airlines
Thai Airways
Malaysia Airlines
Garuda Indonesia
Philippine Airlines
Cebu Pacific
Vietnam Airlines
VietJet
Korean Air
Asiana Airlines
Jeju Air
China Eastern
China Southern
Air China
Hainan Airlines
Hong Kong Airlines
EVA Air
China Airlines
Starlux
Peach Aviation
Zipair
Jetstar Japan
Fiji Airways
Air Tahiti Nui
Rex Airlines
Air Transat
Porter Airlines
Flair Airlines
Swoop
Sunwing
Frontier Airlines
Allegiant Air
Sun Country
Breeze Airways
Hawaiian Airlines
Avelo Airlines
Aeromexico
Volaris
Copa Airlines
Avianca
LATAM
Azul
GOL
Aerolineas Argentinas
""")

BILLS = merchants("""
Octopus Energy|OCTOPUS ENERGY LTD
British Gas|BRITISH GAS SERVICES|BG ENERGY
EDF Energy|EDF ENERGY CUSTOMERS|EDF
OVO Energy|OVO
E.ON Next|EON NEXT|E.ON ENERGY
Scottish Power|SCOTTISHPOWER
SSE Energy
Shell Energy Retail
Utility Warehouse
So Energy
Outfox the Market
Good Energy
Ecotricity
Bulb Energy
Utilita Energy
Con Edison|CON ED OF NY|CONED
PG&E|PACIFIC GAS & ELECTRIC
Duke Energy
Dominion Energy
Xcel Energy
National Grid
Southern California Edison|SO CAL EDISON
Georgia Power
Florida Power & Light|FPL
ComEd
PSE&G
Hydro One
Toronto Hydro
BC Hydro
Enbridge Gas
FortisBC
AGL Sales|AGL
Origin Energy
EnergyAustralia
Red Energy
Alinta Energy
Simply Energy
Mercury Energy
Genesis Energy
Contact Energy
Vattenfall
E.ON Energie
EnBW
EWE
Engie
TotalEnergies Electricite et Gaz
Iberdrola
Endesa
Enel Energia
Eneco
Essent
Vandebron
SP Group
CLP Power
HK Electric
Tokyo Electric Power|TEPCO
Electric Ireland
Bord Gais Energy
Thames Water|THAMES WATER UTILITIES
Anglian Water
Severn Trent|SEVERN TRENT WATER
United Utilities|UNITED UTILITIES WATER
Yorkshire Water
Southern Water
South West Water
Wessex Water
Welsh Water|DWR CYMRU
Northumbrian Water
Affinity Water
Bristol Water
South East Water
Sydney Water
Yarra Valley Water
Irish Water
EE|EE LIMITED|EE LTD
Vodafone|VODAFONE LIMITED|VODAFONE UK
O2|TELEFONICA UK|O2 UK
Three|THREE UK|H3G
giffgaff|GIFFGAFF LTD
Tesco Mobile|TESCO MOBILE LTD
Sky Mobile
Virgin Mobile
iD Mobile
Lebara Mobile
Lycamobile
Smarty Mobile
VOXI
BT Mobile
Verizon Wireless|VERIZON WIRELESS PAYMENTS|VZWRLSS
AT&T|ATT* BILL PAYMENT|AT&T MOBILITY
T-Mobile|T-MOBILE USA
Cricket Wireless
Mint Mobile
Visible Wireless
Google Fi
Rogers Wireless|ROGERS
Bell Canada|BELL MOBILITY
Telus Mobility|TELUS
Fido Mobile
Koodo Mobile
Freedom Mobile
Telstra
Optus
Vodafone Australia
TPG Telecom
Spark NZ
One NZ
Deutsche Telekom|TELEKOM DEUTSCHLAND
Vodafone GmbH
Orange France|ORANGE SA
SFR
Bouygues Telecom
Free Mobile
KPN
Movistar
TIM Telecom
Singtel
StarHub
M1 Limited
Jio
Airtel
BT|BT GROUP PLC|BRITISH TELECOM|BT BROADBAND
Sky|SKY DIGITAL|SKY UK LTD|SKY SUBSCRIPTION|SKY UK LIMITED
Virgin Media|VIRGIN MEDIA LTD
TalkTalk|TALKTALK TELECOM
Plusnet
Hyperoptic
Community Fibre
Vodafone Broadband
NOW Broadband
Zen Internet
Xfinity|COMCAST CABLE COMM|COMCAST
Spectrum|CHARTER COMMUNICATIONS|SPECTRUM CABLE
Cox Communications
Optimum Cablevision
Frontier Communications
CenturyLink
DirecTV
Dish Network
Aussie Broadband
Superloop
Foxtel
Shaw Communications
Videotron
1&1 Telecom
TV Licence|TV LICENCE MBP|TV LICENSING|TVL
Rundfunkbeitrag|ARD ZDF DEUTSCHLANDRADIO BEITRAGSSERVICE
Calor Gas
Flogas
British Gas Evolve
Octopus Energy Ltd|OCTOPUS ENERGY
EDF Energy Ltd
E.ON UK
Ovo Energy Ltd
Scottish Power Energy
Sse Airtricity
SSE Southern Electric
Npower
Shell Energy UK
Bulb Energy Ltd
So Energy Ltd
Co-op Energy
Sainsbury's Energy
M&S Energy
Green Energy UK
Economy Energy
Boost Power
Ovo Pay As You Go
Budget Energy
Together Energy
Affect Energy
Ecotricity Ltd
Power NI
SSE Airtricity NI
Firmus Energy
Phoenix Natural Gas
Bord Gais
Energia
Flogas Ireland
Panda Power
Pinergy
Yuno Energy
Community Power
Eversource
PSEG Long Island
National Fuel
Peoples Gas
Nicor Gas
Atlanta Gas Light
Southwest Gas
SoCalGas|SOCAL GAS
SDG&E
LADWP
Austin Energy
CPS Energy
TXU Energy
Reliant Energy
Direct Energy
Constellation Energy
Ameren
Entergy
Evergy
AEP|AMERICAN ELECTRIC POWER
APS|ARIZONA PUBLIC SERVICE
SRP|SALT RIVER PROJECT
NV Energy
Puget Sound Energy
Portland General Electric
Pacific Power
Rocky Mountain Power
Idaho Power
Consumers Energy
DTE Energy
We Energies
Alliant Energy
MidAmerican Energy
Xcel Energy MN
PPL Electric
PECO
Duquesne Light
BGE|BALTIMORE GAS & ELECTRIC
Pepco
Delmarva Power
Appalachian Power
Dominion Virginia Power
Duke Energy Progress
Tampa Electric|TECO
JEA
Alabama Power
Mississippi Power
Oklahoma Gas & Electric|OG&E
Cleco
Hawaiian Electric
Chugach Electric
American Water
Aqua America
California Water Service
NYC Water Board
DC Water
Philadelphia Water Dept
City of Austin Utilities
City of Seattle Utilities
Waste Management|WM
Republic Services
Recology
Hydro-Quebec
Hydro Ottawa
Alectra Utilities
Enmax
Epcor
ATCO Gas
SaskPower
SaskEnergy
Manitoba Hydro
NB Power
Nova Scotia Power
Newfoundland Power
City of Toronto Utility Billing
City of Vancouver Utilities
Origin Energy Electricity
AGL Energy
EnergyAustralia Pty
Powershop
Momentum Energy
Lumo Energy
Dodo Power
Tango Energy
Sumo Power
Ovo Energy Australia
Amber Electric
Globird Energy
Synergy
Aurora Energy
ActewAGL
Jemena
South East Water AU
City West Water
Greater Western Water
Hunter Water
SA Water
Water Corporation
Icon Water
Unitywater
Urban Utilities
TasWater
Meridian Energy
Trustpower
Nova Energy
Electric Kiwi
Flick Electric
Watercare
Wellington Water
E.ON Deutschland
Vattenfall Europe
EnBW Energie
Yello Strom
Eprimo
Lichtblick
Naturstrom
Stadtwerke Muenchen|SWM
Stadtwerke Koeln|RHEINENERGIE
Berliner Wasserbetriebe
Hamburg Wasser
Gasag
Mainova
N-Ergie
Enercity
Rheinenergie
Entega
Tibber
Octopus Energy Deutschland
Stromio
EDF France|EDF CLIENTS PARTICULIERS
Engie Particuliers
TotalEnergies Electricite
Eni Gas e Luce
Ekwateur
Veolia Eau
Suez Eau
Saur
Eau de Paris
Vattenfall NL
Greenchoice
Budget Energie
Oxxio
Energiedirect
Vitens
Waternet
Evides
Brabant Water
Dunea
Engie Electrabel
Luminus
Eneco Belgie
Naturgy
Repsol Electricidad
Holaluz
Canal de Isabel II
Aigues de Barcelona
Enel Italia
A2A Energia
Hera Comm
Edison Energia
Iren
Acea
Sorgenia
Acquedotto Pugliese
Fortum
Helen
Vattenfall Sverige
Ellevio
Tibber Sverige
Oersted
Andel Energi
Norges Energi
Fjordkraft
Hafslund
Wien Energie
EVN
Verbund
EWZ
BKW
Groupe E
SIG Geneve
Energa
PGE
Tauron
Enea
CEZ
Pre
EPS
Singapore Power|SP SERVICES
Geneco
Keppel Electric
Senoko Energy
Tuas Power
PUB Singapore
Tenaga Nasional|TNB
Syabas|AIR SELANGOR
Meralco
Manila Water
Maynilad
Kansai Electric
Chubu Electric
Tokyo Gas
Osaka Gas
Kepco
Korea Gas
Towngas|HONG KONG & CHINA GAS
Water Supplies Department HK
Tata Power
Adani Electricity
BSES
BESCOM
MSEDCL
Torrent Power
Mahanagar Gas
Indraprastha Gas
DEWA
SEWA
ADDC
Eskom
City Power Johannesburg
City of Cape Town Utilities
Council Tax|COUNCIL TAX DD
Westminster City Council|WESTMINSTER CTAX
Camden Council|LB CAMDEN
Islington Council|LB ISLINGTON
Hackney Council|LB HACKNEY
Lambeth Council|LB LAMBETH
Southwark Council|LB SOUTHWARK
Tower Hamlets Council|LBTH
Wandsworth Council
Lewisham Council
Greenwich Council|RB GREENWICH
Newham Council|LB NEWHAM
Haringey Council
Barnet Council
Brent Council
Ealing Council
Hounslow Council
Richmond Council
Kingston Council|RBK
Merton Council
Sutton Council
Croydon Council|LB CROYDON
Bromley Council
Bexley Council
Havering Council
Redbridge Council
Waltham Forest Council
Enfield Council
Harrow Council
Hillingdon Council
Kensington and Chelsea|RBKC
Hammersmith and Fulham|LBHF
Manchester City Council|MANCHESTER CC
Birmingham City Council|BIRMINGHAM CC
Leeds City Council
Glasgow City Council
City of Edinburgh Council
Bristol City Council
Cardiff Council
Liverpool City Council
Sheffield City Council
Newcastle City Council
Nottingham City Council
Leicester City Council
Coventry City Council
Brighton & Hove City Council
Oxford City Council
Cambridge City Council
Reading Borough Council
York City Council
Milton Keynes Council
Southampton City Council
Portsmouth City Council
Plymouth City Council
Norwich City Council
Exeter City Council
Aberdeen City Council
Dundee City Council
Belfast City Council
Swansea Council
Wirral Council
Salford City Council
Trafford Council
Stockport Council
Bolton Council
Wigan Council
Bradford Council
Kirklees Council
Wakefield Council
Doncaster Council
Sunderland City Council
Durham County Council
Cornwall Council
Wiltshire Council
Somerset Council
Buckinghamshire Council
Surrey Heath BC
Guildford BC
Woking BC
Elmbridge BC
Mole Valley DC
Sevenoaks DC
Tunbridge Wells BC
Maidstone BC
Canterbury City Council
Dover DC
Ashford BC
Chelmsford City Council
Colchester BC
Basildon BC
Southend City Council
St Albans City & District
Watford BC
Dacorum BC
Three Rivers DC
Luton BC
Bedford BC
Peterborough City Council
Ipswich BC
Vodafone UK Ltd
EE Ltd
O2 UK Ltd
Three Mobile
Sky Mobile Ltd
Virgin Mobile UK
Lebara UK
Lyca Mobile UK
Asda Mobile
Talkmobile
Spusu
Honest Mobile
Superdrug Mobile
Ecotalk
1pMobile
BT TV
Sky Broadband Ltd
Sky TV|SKY TV LTD
Virgin Media O2
Plusnet plc
Shell Energy Broadband
Vodafone Home Broadband
EE Broadband
TalkTalk Fibre
Zen Broadband
Hyperoptic Ltd
Community Fibre Ltd
Gigaclear
Trooli
Cuckoo Broadband
YouFibre
Brsk
Lit Fibre
Toob
Grain Connect
Wightfibre
KCOM
Starlink|STARLINK INTERNET
Verizon Fios
AT&T Internet
Xfinity Mobile
Spectrum Mobile
Cox Cable
Optimum Online
Mediacom
WOW Internet
Frontier Fiber
Google Fiber
Sonic Internet
RCN
Astound Broadband
Windstream
Ziply Fiber
Metronet
T-Mobile Home Internet
US Cellular
Boost Mobile
Metro by T-Mobile
Straight Talk
Tracfone
Consumer Cellular
Total Wireless
Ting Mobile
Visible by Verizon
Rogers Communications
Bell Internet
Telus Internet
Shaw Internet
Cogeco
Eastlink
Teksavvy
Virgin Plus
Public Mobile
Chatr
Lucky Mobile
Fizz
Telstra Internet
Optus Internet
TPG Internet
iiNet
Aussie Broadband Ltd
Superloop Ltd
Dodo Internet
Belong
Exetel
Vodafone AU Mobile
Amaysim
Boost Mobile AU
Spark Broadband
2degrees
Slingshot
Orcon
Skinny Mobile
Telekom Mobilfunk
Vodafone Kabel Deutschland
O2 Telefonica Deutschland
1&1 Internet
Congstar
Aldi Talk
Fonic
Blau
Freenet
Mobilcom Debitel
Netcologne
M-net
Pyur
Orange Internet
SFR Box
Bouygues Bbox
Free Box|FREE TELECOM
Sosh
Red by SFR
B&You
KPN Internet
Ziggo
Odido
T-Mobile NL
Tele2
Simyo
Lebara NL
Youfone
Proximus
Telenet
Orange Belgium
Base
Movistar Fibra
Vodafone Espana
Orange Espana
MasMovil
Digi Mobil
Jazztel
Yoigo
Telecom Italia|TIM
Vodafone Italia
WindTre
Iliad Italia
Fastweb
Ho Mobile
Kena Mobile
Telia
Telenor
Tele2 Sverige
Tre Sverige
Elisa
DNA
Swisscom
Sunrise
Salt Mobile
Magenta Telekom
A1 Telekom
Drei
Orange Polska
Play
Plus GSM
T-Mobile Polska
Singtel Mobile
StarHub Mobile
M1 Mobile
Circles.Life
Giga SG
MyRepublic
ViewQwest
Maxis
Celcom
Digi Malaysia
U Mobile
Unifi
Time Internet
Globe Telecom
Smart Communications
PLDT
Converge ICT
Telkomsel
Indosat
XL Axiata
AIS
True Move
DTAC
Viettel
Mobifone
NTT Docomo
SoftBank
KDDI au
Rakuten Mobile
NTT East
SK Telecom
KT Corporation
LG U+
China Mobile
China Unicom
China Telecom
CSL Mobile
SmarTone
3 Hong Kong
HKBN
HKT Netvigator
Vi Vodafone Idea
BSNL
ACT Fibernet
Hathway
Tata Play
Dish TV India
Airtel DTH
Etisalat|E&
du Telecom
Virgin Mobile UAE
Vodacom
MTN
Cell C
Telkom SA
DStv|MULTICHOICE
Billag Serafe|SERAFE
ORF GIS Gebuehr
Rundfunkbeitrag ARD
""")

INSURANCE = merchants("""
Aviva|AVIVA INSURANCE LTD|AVIVA LIFE
Direct Line|DIRECT LINE INS|DIRECT LINE INSURANCE
Admiral|ADMIRAL INSURANCE|ADMIRAL GROUP
AXA Insurance|AXA INSURANCE UK|AXA
Legal & General Life|L&G INSURANCE|LEGAL AND GENERAL ASSURANCE
LV=|LIVERPOOL VICTORIA|LV INSURANCE
Churchill Insurance
Hastings Direct
Vitality Health|VITALITY LIFE
Zurich Assurance
Allianz Insurance
Royal London Mutual|ROYAL LONDON
Scottish Widows Life
Prudential Assurance
Bupa|BUPA INSURANCE|BUPA AUST HEALTH
AXA PPP Healthcare
Simplyhealth
Petplan
ManyPets
Animal Friends Insurance
More Than Insurance
Saga Insurance
Esure
Sheilas' Wheels
1st Central
Co-op Insurance
Endsleigh
Protect Your Bubble
SquareTrade
Geico|GEICO AUTO PAY|GEICO *AUTO
State Farm|STATE FARM INSURANCE|STATE FARM RO
Progressive|PROGRESSIVE INS|PROG DIRECT INS
Allstate
Liberty Mutual
Farmers Insurance
USAA P&C|USAA INSURANCE
Nationwide Insurance
Lemonade Insurance
MetLife
Aflac
Blue Cross Blue Shield|BCBS
Kaiser Permanente
UnitedHealthcare
NRMA Insurance
AAMI
Budget Direct
Medibank
HCF Health
nib Health Funds
Suncorp Insurance
TD Insurance
Intact Insurance
Desjardins Insurance
Manulife
Sun Life Financial
HUK-Coburg
Debeka
Ergo Versicherung
Generali
AXA Assurances
MAIF
MACIF
Achmea
Centraal Beheer
Great Eastern Life
NTUC Income
AIA
Hiscox
Aviva Home
RAC Insurance
AA Insurance
Green Flag
Cover My Phone
Admiral Pet
Tesco Bank Car Insurance
Quotemehappy
Churchill Home
Aviva UK|AVIVA DIRECT
Direct Line Group
Admiral Insurance Services
AXA UK
Churchill Insurance Co
Hastings Insurance
Privilege Insurance
Green Flag Breakdown
RAC Motoring Services|RAC
AA Breakdown|AUTOMOBILE ASSOCIATION
Britannia Rescue
LV= General Insurance
LV= Life
Legal & General Protection
Royal London Protection
Zurich Life
Vitality Health UK
Vitality Life UK
Aegon Protection
Scottish Widows Protection
Beagle Street
Post Office Insurance
Tesco Insurance
Sainsbury's Insurance
John Lewis Insurance
M&S Insurance
Halifax Insurance
Lloyds Insurance
NatWest Insurance
HSBC Insurance
Barclays Insurance
Santander Insurance
Nationwide Insurance UK
Co-op Insurance Services
Swinton Insurance
Adrian Flux
Sheilas Wheels
Diamond Insurance
Elephant Insurance
Ageas
Allianz Insurance plc
RSA Insurance
More Than Ltd
NFU Mutual
Hiscox Home
Ecclesiastical
Cornish Mutual
Urban Jungle
Marshmallow Insurance
Cuvva
Zego
Veygo
By Miles
Tempcover
Laka
Insurethebox
Ingenie
Bought By Many
Animal Friends
Pet Protect
Agria Pet Insurance
Purely Pets
Waggel
Everypaw
Direct Line Pet
Churchill Pet
Staysure
Avanti Travel Insurance
Post Office Travel Insurance
World Nomads
True Traveller
SafetyWing
Battleface
InsureandGo
Columbus Direct
Allianz Travel
AXA Travel
Blue Insurance
Simplyhealth Plans
WPA Health
Aviva Health
AXA Health
Bupa UK
Exeter Family Friendly|THE EXETER
Benenden Health
Healthshield
Medicash
Paymentshield
British Gas HomeCare|BRITISH GAS INSURANCE
HomeServe
Domestic & General|DOMESTIC AND GENERAL
D&G Insurance|D&G
Assurant
Gadget Cover
Apple Care|APPLECARE
SquareTrade UK
Simplicity Cover
Geico Insurance
State Farm Mutual
Progressive Insurance
Allstate Insurance
Liberty Mutual Insurance
Farmers Insurance Group
USAA Insurance Agency
Nationwide Mutual
Travelers Insurance
American Family Insurance
Erie Insurance
Auto-Owners Insurance
Kemper
Esurance
The General
Root Insurance
Metromile
Hippo Insurance
Kin Insurance
Assurance IQ
Haven Life
Ladder Life
Policygenius
Bestow
Northwestern Mutual
New York Life
MassMutual
Prudential Financial
Lincoln Financial
Transamerica
Principal Financial
Mutual of Omaha
Guardian Life
Pacific Life
John Hancock
Aetna
Cigna
Humana
Anthem
Oscar Health
Ambetter
Molina Healthcare
Centene
Highmark
Florida Blue
Premera
Regence
Delta Dental
MetLife Dental
Guardian Dental
Vision Service Plan|VSP
EyeMed
Trupanion
Healthy Paws
Nationwide Pet
Embrace Pet Insurance
Pets Best
Figo
Lemonade Pet
ASPCA Pet Health Insurance
Allianz Global Assistance
Travel Guard
Intact Financial
Aviva Canada
Desjardins General
The Co-operators
Wawanesa
Economical Insurance
Belairdirect
TD Insurance Meloche Monnex
RBC Insurance
Sun Life Assurance
Canada Life
Great-West Life
Manulife Financial
Industrial Alliance|IA FINANCIAL
Blue Cross Canada
Green Shield Canada
Petsecure
ICBC
SGI
MPI Autopac
Allianz Australia
QBE Insurance
IAG
NRMA
RACV Insurance
RACQ Insurance
RAA Insurance
RAC WA Insurance
GIO
CGU
Youi
Bingle
Real Insurance
Australian Seniors
Woolworths Insurance
Coles Insurance
Suncorp Group
Apia
Shannons
Medibank Private
Bupa Australia
HCF
NIB
Australian Unity
AHM
GMHBA
Teachers Health
Defence Health
Frank Health Insurance
TAL Life
AIA Australia
MLC Life
Zurich Australia
ClearView
OnePath
Bow Wow Meow
Southern Cross Health
AA Insurance NZ
AMI Insurance
State Insurance
Tower Insurance
Vero
Allianz Versicherung
AXA Versicherung
Generali Deutschland
R+V Versicherung
Zurich Deutschland
Signal Iduna
Gothaer
HDI Versicherung
Provinzial
SV Sparkassenversicherung
Barmenia
DEVK
VHV
WGV
Cosmos Direkt
Hannoversche
Europa Versicherung
Techniker Krankenkasse|TK
AOK
Barmer
DAK Gesundheit
IKK
KKH
HEK
Hanse Merkur
Continentale
DKV
Allianz Private Krankenversicherung
Axa France
Groupama
MAAF
Matmut
GMF
MMA
Allianz France
Generali France
Direct Assurance
April Assurances
Mutuelle Generale
Harmonie Mutuelle
MGEN
Malakoff Humanis
Alan Assurance
Luko
Leocare
Interpolis
Centraal Beheer Achmea
Nationale-Nederlanden
Ohra
FBTO
Unive
Zilveren Kruis
CZ Zorgverzekeraar
VGZ
Menzis
ASR Verzekeringen
Allianz Nederland
Ethias
AG Insurance
Baloise
Mapfre
Mutua Madrilena
Linea Directa
Sanitas
Adeslas
Asisa
DKV Seguros
Generali Italia
UnipolSai
Allianz Italia
Poste Assicura
Reale Mutua
Cattolica
Folksam
Trygg-Hansa
If Skadeforsakring
Lansforsakringar
Tryg
Gjensidige
Fennia
LahiTapiola
Pohjola Vakuutus
Helsana
CSS Versicherung
Swica
Sanitas Schweiz
Visana
Mobiliar
Helvetia
Uniqa
Wiener Stadtische
PZU
Warta
Allianz Polska
Great Eastern
Income Insurance
AIA Singapore
Prudential Singapore
Manulife Singapore
FWD Insurance
Singlife
Tokio Marine
HSBC Life
Etiqa
MSIG
AXA Hong Kong
Bupa Hong Kong
Blue Cross HK
Sun Life HK
Zurich Hong Kong
Allianz Malaysia
Takaful Malaysia
Prudential BSN
Sompo Japan
Mitsui Sumitomo Insurance
Tokio Marine Nichido
Nippon Life
Dai-ichi Life
Meiji Yasuda
Sony Life
Samsung Fire & Marine
Hyundai Marine
DB Insurance
KB Insurance
Hanwha Life
Kyobo Life
Ping An
China Life
PICC
LIC India|LIFE INSURANCE CORPORATION
HDFC Life
ICICI Prudential
SBI Life
Max Life
Bajaj Allianz
Tata AIG
Star Health
Niva Bupa
Care Health Insurance
Acko
Digit Insurance
Policybazaar
AXA Gulf
Oman Insurance|SUKOON
Orient Insurance
Daman Health
Discovery Insurance
Old Mutual
Sanlam
Momentum
Liberty Life
OUTsurance
Santam
Hollard
King Price
MiWay
""")

HOUSING = merchants("""
Foxtons Lettings|FOXTONS
Savills Lettings|SAVILLS
Countrywide Lettings
Knight Frank
Hamptons International
Chestertons
Winkworth
OpenRent|OPENRENT LTD
Goodlord Rent
Your Move
Connells Lettings
Leaders Lettings
Martin & Co
Belvoir Lettings
Northwood Lettings
Greystar Residential
Grainger plc
Get Living
Quintain Living
Unite Students
iQ Student Accommodation
Clarion Housing
Peabody Trust|PEABODY
L&Q Housing|LONDON & QUADRANT
Notting Hill Genesis
Places for People
Sanctuary Housing
Riverside Housing
Home Group
Anchor Hanover
Hyde Housing
Nationwide Mortgage|NATIONWIDE BS MORTGAGE|NATIONWIDE BLDG SOC MTG
Halifax Mortgage|HALIFAX MTG|HALIFAX MORTGAGE ACCOUNT
Santander Mortgage|SANTANDER MORTGAGE|SANTANDER UK MORTGAGE
NatWest Mortgage|NATWEST MORTGAGE
Barclays Mortgage|BARCLAYS BANK PLC MTG|BARCLAYS MORTGAGE
Lloyds Bank Mortgage|LLOYDS MORTGAGE
HSBC Mortgage|HSBC MORTGAGE
Accord Mortgages
Coventry Building Society Mortgage|COVENTRY BS MORTGAGE
Yorkshire BS Mortgage
Skipton BS Mortgage
Leeds BS Mortgage
TSB Mortgage
Virgin Money Mortgage
Platform Home Loans
Kensington Mortgages
Pepper Money Mortgage
Bank of Ireland Mortgage|BOI MORTGAGE
Post Office Money Mortgage
Wells Fargo Home Mortgage|WELLS FARGO HOME MTG
Rocket Mortgage|QUICKEN LOANS|ROCKET MTG
Chase Home Lending|CHASE MORTGAGE
Mr. Cooper|MR COOPER
Freedom Mortgage
PennyMac
Newrez
US Bank Home Mortgage|US BANK HOME MTG
CommBank Home Loan|CBA HOME LOAN
Westpac Home Loan
ANZ Home Loan
NAB Home Loan
RBC Mortgage
TD Mortgage
Scotiabank Mortgage
DBS Home Loan
Baufinanzierung Sparkasse
Hypothekendarlehen
Credit Immobilier
Hipoteca Santander
Mutuo Casa
Foxtons Ltd
Savills UK
Hamptons Lettings
Chestertons Lettings
Marsh & Parsons
Dexters
Douglas & Gordon
John D Wood
Kinleigh Folkard & Hayward|KFH
Winkworth Lettings
Knight Frank Lettings
Haart
Purplebricks Lettings
OpenRent Rent
Goodlord
Lettingaproperty.com
Let Property Management
Finders Keepers
Ellis & Co
Andrews Lettings
Bairstow Eves
Reeds Rains
Your Move Lettings
Northwood UK
Hunters Estate Agents
Belvoir Group
Leaders Romans
Gascoigne Halman
Thornley Groves
Bridgfords
Jackson-Stops
Strutt & Parker
Fine & Country
Bradley Hall
Allsop Letting
Rentify
Homeppl
Fizzy Living
Tipi
Vertus
Way of Life
Moda Living
Uncle
Legal & General Affordable Homes
The Collective
Scape Student Living
Fresh Student Living
Vita Student
Yugo
Chapter Living
Urbanest
Liberty Living
Student Roost
Homes for Students
CRM Students
Downing Students
Prestige Student Living
Sanctuary Students
Unite Students Rent
Victoria Hall
Campus Living Villages
Clarion Housing Group
Peabody Rent
L&Q Rent
Hyde Group
Sovereign Network Group
Guinness Partnership
Metropolitan Thames Valley|MTVH
Optivo
Southern Housing
A2Dominion
Orbit Group
Bromford
Platform Housing
Accord Group
Torus
Onward Homes
Livv Housing
Wythenshawe Community Housing
One Manchester
Great Places Housing
Stockport Homes
Your Housing Group
Karbon Homes
Thirteen Group
Yorkshire Housing
Incommunities
Leeds Federated
Wakefield District Housing|WDH
Berneslai Homes
Sheffield City Council Housing
Glasgow Housing Association|WHEATLEY GROUP
Link Group
Hanover Scotland
Bield Housing
Clyde Valley Housing
Cardiff Community Housing
Newport City Homes
Coastal Housing
Pobl Group
Northern Ireland Housing Executive|NIHE
Apex Housing
Choice Housing
Camden Council Rent
Hackney Council Rent
Lambeth Council Rent
Southwark Council Rent
Islington Council Rent
Tower Hamlets Homes
Westminster City Council Rent
Birmingham City Council Rent
Manchester City Council Rent
Leeds City Council Rent
Glasgow City Council Rent
Nationwide BS Mortgage|NATIONWIDE BS|NATIONWIDE BUILDING SOCIETY MTG
Halifax Mortgages
Santander UK Mortgage
NatWest Home Loan
Royal Bank of Scotland Mortgage|RBS MORTGAGE
Ulster Bank Mortgage
Bank of Scotland Mortgage|BOS MORTGAGE
Lloyds Bank plc Mortgage
HSBC UK Mortgage
First Direct Mortgage
Barclays Bank UK Mortgage
TSB Bank Mortgage
Virgin Money UK Mortgage
Clydesdale Bank Mortgage
Yorkshire Bank Mortgage
Metro Bank Mortgage
Coventry BS|COVENTRY BUILDING SOCIETY
Yorkshire Building Society
Skipton Building Society
Leeds Building Society
Principality Building Society
West Bromwich Building Society
Nottingham Building Society
Newcastle Building Society
Cumberland Building Society
Progressive Building Society
Darlington Building Society
Furness Building Society
Hinckley & Rugby BS
Ipswich Building Society
Leek Building Society|LEEK UNITED
Loughborough Building Society
Market Harborough BS
Marsden Building Society
Melton Mowbray BS
Monmouthshire BS
National Counties BS
Newbury BS
Penrith BS
Saffron BS
Scottish BS
Stafford Railway BS
Swansea BS
Teachers BS
Tipton & Coseley BS
Vernon BS
Chorley BS
Bath BS
Beverley BS
Buckinghamshire BS
Cambridge BS
Chelsea Building Society
Dudley Building Society
Earl Shilton BS
Ecology Building Society
Family Building Society
Hanley Economic BS
Harpenden BS
Holmesdale BS
Kent Reliance
Mansfield BS
Mortgage Works
Birmingham Midshires
Accord Mortgages Ltd
Precise Mortgages
Foundation Home Loans
Paragon Mortgages
Together Money
Bluestone Mortgages
Vida Homeloans
Fleet Mortgages
Keystone Property Finance
Landbay
Aldermore Mortgage
Shawbrook Mortgage
Kensington Mortgage Company
Northern Rock Asset Management|NRAM
UKAR
Topaz Finance
Landmark Mortgages
Heliodor Mortgages
Habito
Atom Bank Mortgage
Tesco Bank Mortgage
Post Office Mortgage
Homes England Equity Loan|HOMES ENGLAND
Help to Buy Wales
Shared Ownership Rent
Ground Rent Ltd
Estates & Management Ltd
FirstPort
Rendall & Rittner
Warwick Estates
HML Group
Trinity Estates
Peverel Property Management
Pinnacle Property Management
Mainstay Residential
Savills Block Management
Residential Management Group|RMG
Wells Fargo Mortgage
Chase Mortgage Services|JPMORGAN CHASE MTG
Bank of America Mortgage|BANK OF AMERICA MTG
Citi Mortgage|CITIMORTGAGE
US Bank Mortgage
PNC Mortgage
Truist Mortgage
Fifth Third Mortgage
Huntington Mortgage
Regions Mortgage
KeyBank Mortgage
Flagstar Bank Mortgage
Guild Mortgage
LoanDepot|LOANDEPOT
United Wholesale Mortgage|UWM
Caliber Home Loans
Shellpoint Mortgage
Cenlar
LoanCare
Dovenmuehle
Carrington Mortgage
Lakeview Loan Servicing
Ocwen|PHH MORTGAGE
Nationstar Mortgage
Navy Federal Mortgage
USAA Mortgage
Veterans United
Better Mortgage
SunTrust Mortgage
Ally Home
Greystar Rent|GREYSTAR
Equity Residential
AvalonBay|AVALON COMMUNITIES
Essex Property Trust
Camden Property Trust
MAA Apartments
UDR Apartments
Invitation Homes
American Homes 4 Rent
Tricon Residential
Bozzuto
Related Rentals
Lincoln Property Company
Cortland
Morgan Properties
Irvine Company Apartments
RentCafe
AppFolio|APPFOLIO PAYMENT
Buildium
Bilt Rent
HOA Dues
Homeowners Association|HOA PAYMENT
Condo Fees
Strata Levy
Body Corporate Fees
Syndic Copropriete
Hausgeld
Nebenkosten
Wohnungsbaugenossenschaft
Vonovia
Deutsche Wohnen
LEG Immobilien
TAG Immobilien
Gewobag
Degewo
Howoge
Saga Hamburg
GBW
Adler Group
Vivawest
Miete Wohnung|MIETE
Kaltmiete
Warmmiete
Loyer Appartement|LOYER
Paris Habitat
Action Logement
CDC Habitat
3F Immobiliere
Foncia
Nexity
Century 21 Location
Orpi Location
Huur Woning|HUUR
Woonstad Rotterdam
Ymere
Eigen Haard
Stadgenoot
Vesteda
Alquiler Piso|ALQUILER
Affitto Casa|AFFITTO
Hyra|HYRA
Husleie
Vuokra
Miete Vienna
Wiener Wohnen
Commonwealth Bank Home Loan|CBA HOME LOAN REPAYMENT
Westpac Home Loans
ANZ Home Loans
NAB Home Lending
St George Home Loan
Bank of Melbourne Mortgage
BankSA Home Loan
Macquarie Home Loan
ING Home Loan AU
ME Bank Home Loan
Suncorp Home Loan
Bendigo Bank Home Loan
Bank Australia Home Loan
Heritage Bank Home Loan
Newcastle Permanent Home Loan
Greater Bank Home Loan
Teachers Mutual Home Loan
Athena Home Loans
Tic:Toc Home Loans
Unloan
Loans.com.au
Pepper Money Home Loan
Liberty Financial Home Loan
Ray White Rentals
LJ Hooker Rentals
McGrath Rentals
Belle Property
Harcourts Rentals
Barry Plant Rentals
Jellis Craig Rentals
Ray White
LJ Hooker
Nelson Alexander
Ailo
PropertyMe
Strata Plan Levy
Housing NSW|NSW HOMES
Homes Victoria
Housing Queensland
Kainga Ora
ASB Home Loan
Westpac NZ Mortgage
ANZ NZ Mortgage
BNZ Mortgage
Kiwibank Mortgage
RBC Royal Bank Mortgage
TD Canada Trust Mortgage
Scotiabank Mortgage CA
BMO Mortgage
CIBC Mortgage
National Bank Mortgage
Desjardins Hypotheque
Tangerine Mortgage
First National Mortgage
MCAP
Equitable Bank Mortgage
Home Trust
Simplii Mortgage
Meridian Mortgage
Vancity Mortgage
Minto Apartments
CAPREIT
Boardwalk Rental
Killam Apartments
Mainstreet Equity
Skyline Apartments
Realstar
Homestead Land Holdings
Timbercreek
Toronto Community Housing
BC Housing
DBS Home Loan SG
OCBC Home Loan
UOB Home Loan
HDB Loan|HDB
HDB Rent
Maybank Home Loan
CIMB Home Loan
Public Bank Home Loan
RHB Home Loan
Hong Leong Home Loan
HSBC HK Mortgage
Hang Seng Mortgage
Bank of China HK Mortgage
Housing Authority HK
MUFG Housing Loan
SMBC Housing Loan
Mizuho Housing Loan
UR Chintai
Leopalace21
HDFC Home Loan
SBI Home Loan
ICICI Home Loan
LIC Housing Finance
NoBroker Rent
Emirates NBD Home Loan
ADCB Mortgage
Ejari
Dubai Properties
Emaar Community Fees
""")

REPAYMENTS = merchants("""
Klarna|KLARNA*|KLARNA BANK AB
Clearpay|CLEARPAY*|CLEARPAY FINANCE
Afterpay|AFTERPAY
PayPal Pay in 3|PAYPAL PAY IN 3|PAYPAL CREDIT
Laybuy
Zilch
Affirm|AFFIRM INC
Sezzle
Zip Pay|ZIP CO|ZIP PAY
Humm
Splitit
Zopa|ZOPA LTD|ZOPA BANK LOAN
Lendable
Novuna Personal Finance|HITACHI CAPITAL
Tesco Bank Loan
Sainsbury's Bank Loan
Santander Personal Loan|SANTANDER LOAN
Barclays Personal Loan|BARCLAYS LOAN
HSBC Personal Loan|HSBC LOAN
Lloyds Bank Loan
NatWest Loan
Nationwide Personal Loan
Admiral Loans
TSB Loan
Virgin Money Loan
Creation Finance
Oakbrook Finance
Everyday Loans
Provident Personal Credit
Amigo Loans
Likely Loans
Black Horse|BLACK HORSE LTD|BLACKHORSE
Santander Consumer|SANTANDER CONSUMER UK
Volkswagen Financial Services|VW FINANCIAL SERVICES|VOLKSWAGEN FS
BMW Financial Services|BMW FS
Mercedes-Benz Financial Services
Toyota Financial Services
Ford Credit
Close Brothers Motor Finance
MotoNovo Finance
Moneybarn
Startline Motor Finance
Blue Motor Finance
Alphera Financial
RCI Financial Services|RENAULT FINANCE
Stellantis Financial Services
Tesla Finance
Student Loans Company|SLC RECEIPTS|STUDENT LOANS CO
Sallie Mae|SALLIE MAE BANK
Navient
Nelnet
MOHELA
Aidvantage
SoFi Loan|SOFI
LendingClub
Upstart
Prosper Funding
OneMain Financial
Best Egg
Discover Personal Loans
Marcus Loan
Ally Auto|ALLY FINANCIAL
Toyota Motor Credit
Honda Financial Services
GM Financial
Capital One Auto Finance
Santander Consumer USA
Plenti
Harmoney
Latitude Finance
MoneyMe
Nimble
Ratenkredit Santander
Auxmoney
Cofidis
Oney
Younited Credit
Klarna UK|KLARNA BANK
Klarna US
Klarna Pay in 3
Clearpay UK
Afterpay AU
Afterpay US|AFTERPAY US INC
PayPal Credit UK
PayPal Pay Later
PayPal Pay Monthly
Zip Money
Zip US|QUADPAY
Humm AU
Openpay
Latitude Pay
Brighte
Affirm Loan
Sezzle Inc
Katapult
Uplift Travel
Scalapay
Alma
Oney Bank
Floa
Cofidis Ratenkredit
Ratepay
Paidy
Atome
Hoolah
Grab PayLater
Pace
Tabby
Tamara
Postpay
Simpl
LazyPay
ZestMoney
Kredivo
Akulaku
Mobicred
Payflex
PayJustNow
Tesco Bank Personal Loan|TESCO BANK LOAN
Sainsbury's Bank Personal Loan
M&S Bank Loan
Halifax Loan|HALIFAX PERSONAL LOAN
Bank of Scotland Loan
RBS Personal Loan
Ulster Bank Loan
Virgin Money Personal Loan
Clydesdale Loan
Metro Bank Loan
Co-op Bank Loan
First Direct Loan
Post Office Money Loan
AA Loans
RAC Loans
Shawbrook Bank Loan
Hitachi Personal Finance
Ikano Bank
Secure Trust Bank|V12 FINANCE
V12 Retail Finance
Barclays Partner Finance
Snap Finance
Omni Capital Retail Finance
Close Brothers Retail Finance
Tandem Bank Loan
Starling Loan
Plend
Fund Ourselves
Salad Money
Fair Finance
Moneyline
Conduit
Creditspring
Oakam
Mr Lender
Lending Stream
QuickQuid
Drafty
Polar Credit
Loans 2 Go
Bamboo Loans
Guarantor My Loan
TrustTwo
George Banco
1st Stop Group
Everyday Lending
Morses Club
Non-Standard Finance
Oplo
Hitachi Capital Vehicle Solutions
Leasys
Ald Automotive
Motability Operations|MOTABILITY
Black Horse Finance
Santander Consumer Finance
Volkswagen Bank
Audi Financial Services
Skoda Financial Services
Seat Financial Services
Porsche Financial Services
BMW Finance
Mini Financial Services
Mercedes-Benz Finance UK
Jaguar Land Rover Financial Services
Volvo Car Financial Services
Toyota Finance UK
Lexus Financial Services
Honda Finance Europe
Nissan Finance|NISSAN FS
Kia Finance
Hyundai Finance
Mazda Finance
Suzuki Finance
Peugeot Finance|PSA FINANCE
Vauxhall Finance|VAUXHALL FS
Citroen Finance
Fiat Finance|FCA CAPITAL
Renault Finance UK
Ford Credit Europe
MG Finance
Polestar Finance
Tesla Financial Services
Carmoola
Zuto
CarFinance 247
Evolution Funding
Oodle Car Finance
Advantage Finance
First Response Finance
Billing Finance
Mallard Vehicle Finance
Marsh Finance
Paragon Car Finance
Northridge Finance
Student Loans Company Repayment|SLC
Student Finance England|SFE
Student Awards Agency Scotland|SAAS
Great Lakes Loans
FedLoan Servicing
Navient Loan
EdFinancial
Nelnet Loan Servicing
MOHELA Loan
Aidvantage Loan
Sallie Mae Loan
Earnest Loan
Laurel Road
CommonBond
College Ave
Ascent Funding
Discover Student Loans
Citizens Bank Loan
SoFi Personal Loan
LendingClub Personal Loan
Upgrade Loan|UPGRADE INC
Avant Loan
Prosper Marketplace
OneMain
Mariner Finance
Regional Finance
World Acceptance
Lendmark Financial
Heights Finance
Oportun
Rise Credit
Elevate
NetCredit
CashNetUSA
Speedy Cash
Check Into Cash
Advance America
Ace Cash Express
MoneyLion Loan
Happy Money
Marcus Personal Loan
Wells Fargo Personal Loan
TD Personal Loan
PNC Personal Loan
Santander Consumer USA Auto
Ally Auto Loan
Capital One Auto Loan
Chase Auto|CHASE AUTO FINANCE
Bank of America Auto Loan
Wells Fargo Auto
Toyota Financial Services US
Honda Financial US|AMERICAN HONDA FINANCE
Nissan Motor Acceptance|NMAC
Hyundai Motor Finance
Kia Motors Finance
Ford Motor Credit
GM Financial US
Chrysler Capital
Exeter Finance
Westlake Financial
Credit Acceptance
CarMax Auto Finance
Carvana Loan
DriveTime
Bridgecrest
Tesla Auto Loan
Lexus Financial US
BMW Financial US
Mercedes-Benz Financial US
VW Credit
Subaru Motors Finance
Mazda Financial Services
USAA Auto Loan
Navy Federal Auto Loan
PenFed Auto Loan
LightStream
Scotiabank Loan
RBC Loan
TD Loan CA
BMO Loan
CIBC Loan
Desjardins Pret
Fairstone
easyfinancial
Spring Financial
Mogo
LendDirect
Affirm Canada
PayBright
Canada Student Loans|NSLSC
OSAP
Plenti Loan
Harmoney AU
MoneyMe Loan
Society One
Wisr
NOW Finance
Latitude Personal Loan
Citi Personal Loan AU
CommBank Personal Loan
Westpac Personal Loan
ANZ Personal Loan
NAB Personal Loan
Macquarie Car Loan
Toyota Finance Australia
Nissan Financial Services AU
Volkswagen Financial Services AU
Money3
Cash Converters Loan
Nimble Loan
Wallet Wizard
Beforepay
Auxmoney Kredit
Smava
Check24 Kredit
Santander Consumer Bank DE
Targobank Kredit
Consorsbank Kredit
ING Ratenkredit
DKB Kredit
Norisbank Kredit
Creditplus
Barclays Kredit DE
Volkswagen Bank Kredit
BMW Bank Kredit
Mercedes-Benz Bank Kredit
KfW Studienkredit|KFW
BAfoeG Rueckzahlung|BAFOEG
Cetelem
Sofinco
Franfinance
Cofidis France
Carrefour Banque Credit
Younited
Floa Bank
Credit Agricole Pret
BNP Personal Finance
Oney Credit
Santander Consumer Bank NL
Defam
Freo
DUO Studieschuld|DUO
Cetelem Espana
Cofidis Espana
Santander Consumer Espana
Financiera El Corte Ingles
Findomestic
Agos
Compass Finanziamenti
Fiditalia
Santander Consumer Italia
Resurs Bank
Klarna Sverige
Svea Ekonomi
CSN Studielan|CSN
Lanekassen
Kela Opintolaina
Bank Norwegian Loan
Instabank
Komplett Bank
Cembra Money Bank
Bank Now
Santander Consumer PL
Provident Polska
Home Credit
Atome SG
Standard Chartered CashOne
Citibank Ready Credit
DBS Cashline
OCBC EasiCredit
UOB CashPlus
HSBC Personal Loan HK
WeLab
Promise Japan
Acom
Aiful
SMBC Consumer Finance
Kakao Bank Loan
Bajaj Finserv EMI|BAJAJ FINANCE
HDFC EMI|HDFC BANK EMI
ICICI EMI
Home Credit India
Tata Capital
Fullerton India
KreditBee
MoneyTap
Navi Loan
Emirates NBD Personal Loan
ADCB Personal Loan
Mashreq Loan
FAB Personal Loan
Wesbank
MFC Vehicle Finance
Absa Vehicle Finance
Standard Bank Vehicle Finance
African Bank Loan
Capitec Loan
""")

CREDIT_CARDS = merchants("""
Barclaycard|BARCLAYCARD|BARCLAYCARD PAYMENT
American Express|AMEX|AMERICAN EXPRESS PAYMENT|AMEX EPAYMENT
MBNA|MBNA LIMITED
Capital One Card|CAPITAL ONE|CAPITAL ONE CARD PAYMENT
Vanquis|VANQUIS BANK
Aqua Card|AQUA
NewDay Cards|NEWDAY
Marbles Card
Fluid Card
Tesco Bank Credit Card|TESCO BANK CC
Sainsbury's Bank Credit Card
John Lewis Partnership Card
M&S Bank Credit Card|M&S BANK
Virgin Money Credit Card
Halifax Credit Card|HALIFAX CREDIT CARD
Lloyds Bank Credit Card|LLOYDS BANK PLATINUM
HSBC Credit Card
NatWest Credit Card
Santander Credit Card
Chase Card Services|CHASE CREDIT CRD AUTOPAY|CHASE CARD
Citi Card|CITI AUTOPAY|CITICARD
Discover Card|DISCOVER E-PAYMENT
Synchrony Bank|SYNCHRONY
Bank of America Credit Card|BK OF AMER CRD
Apple Card|APPLECARD GSBANK
Wells Fargo Card|WF CREDIT CARD
US Bank Card|US BANK CREDIT CARD
Zable Card
Jaja Finance
Platinum Mastercard|PLATINUM MASTERCARD
Visa Card|VISA CARD PAYMENT
""")

EMPLOYERS = merchants("""
NHS Foundation Trust|NHS TRUST|NHS BSA
Tesco Stores Ltd
Amazon UK Services|AMAZON UK SERVICES LTD
Royal Mail Group|ROYAL MAIL GROUP LTD
Network Rail
Transport for London|TFL
Civil Service|HM REVENUE & CUSTOMS SALARY|MOD PAY
Department for Education
Greggs plc
John Lewis Partnership
Compass Group UK
Deloitte LLP
Accenture UK
Arup Group
BBC
AstraZeneca UK
Rolls-Royce plc
Linklaters LLP
University of Manchester
Kings College London
Sainsbury's Supermarkets Ltd
Boots UK Ltd
Marks and Spencer plc
Serco Ltd
Capita plc
G4S
Mitie
Sodexo
Barclays Bank plc
HSBC UK Bank plc
Lloyds Banking Group
BT Group plc
Unilever UK
GSK
Jaguar Land Rover
BAE Systems
Costa Ltd
Whitbread Group
Google UK Ltd
Microsoft Ltd
Ocado Group
Walmart Inc|WALMART PAYROLL
Target Corp
Amazon.com Services|AMAZON.COM SVCS
Kaiser Foundation
Home Depot USA
Starbucks Corp
UPS|UNITED PARCEL SERVICE
FedEx
State of California|STATE OF CA PAYROLL
City of New York
Deutsche Post AG
Siemens AG
Bosch GmbH
SAP SE
Woolworths Group Ltd
Commonwealth Bank Staff
Telstra Corporation
Loblaw Companies
Royal Bank of Canada
Shopify Inc
DBS Bank Ltd
""")

PENSION_PAYERS = merchants("""
Aviva Pension|AVIVA ANNUITY
Legal & General Pension|L&G PENSION|L&G ANNUITY
Royal London Pension
Scottish Widows Pension
Standard Life Pension
Teachers' Pensions|TEACHERS PENSIONS
NHS Pensions|NHSBSA PENSIONS
Civil Service Pension|MYCSP
Royal Mail Pension Plan
Capita Pension
Mercer Pensions
Aon Pensions
Phoenix Life Annuity
Canada Life Annuity
Just Retirement|JUST GROUP
Armed Forces Pension|VETERANS UK
CalPERS
TIAA|TIAA-CREF
Vanguard Pension Payment
Deutsche Rentenversicherung|RENTE DRV
Canada Pension Plan|CANADA CPP|CANADA RPC
Old Age Security|CANADA OAS
Aware Super Pension
AustralianSuper Pension
""")

BENEFITS = merchants("""
DWP UC|DWP UNIVERSAL CREDIT|DWP UC NI
DWP PIP|DWP PERSONAL INDEPENDENCE
DWP ESA
DWP JSA
DWP State Pension|DWP SP|DWP STATE PENSION
DWP Carers Allowance|DWP CA
DWP Attendance Allowance|DWP AA
HMRC Child Benefit|HMRC CHILD BENEFIT|CHB HMRC|HMRC CHB
HMRC Tax Credits|HMRC NTC|HMRC WTC|HMRC CTC
HMRC Tax Refund|HMRC REFUND|HMRC REPAYMENT
Social Security|SSA TREAS 310 XXSOC SEC|SOC SEC
IRS Tax Refund|IRS TREAS 310 TAX REF|US TREASURY TAX REF
State Tax Refund|NYS DTF PIT TAX REF|CA FTB TAX REFUND
Unemployment Benefits|UI BENEFITS|DES BENEFITS
VA Benefits|VA TREAS 310 VACP
Centrelink|SERVICES AUSTRALIA CENTRELINK
ATO Tax Refund|ATO REFUND
Family Tax Benefit
Canada GST Credit|CANADA GST|CANADA GST/HST
Canada Child Benefit|CANADA CCB
Employment Insurance|CANADA EI|EI CANADA
CRA Tax Refund|CANADA TAX REFUND
Kindergeld|FAMILIENKASSE KINDERGELD
Finanzamt Erstattung|FINANZAMT STEUERERSTATTUNG
Bundesagentur fuer Arbeit|ARBEITSAGENTUR
CAF Allocations|CAF
CPAM Remboursement|CPAM
France Travail|POLE EMPLOI
Council Tax Refund|COUNCIL TAX REFUND
Student Finance|SLC MAINTENANCE LOAN
""")

CHARITIES = merchants("""
Oxfam|OXFAM GB
Cancer Research UK|CANCER RESEARCH UK DONATION
British Red Cross
RSPCA
NSPCC
Macmillan Cancer Support
Save the Children
UNICEF UK|UNICEF
WWF UK|WWF
Shelter
British Heart Foundation|BHF
Dogs Trust
RNLI
JustGiving|JUSTGIVING
GoFundMe|GOFUNDME
Salvation Army
Medecins Sans Frontieres|MSF
Amnesty International
Age UK
Mind Charity
Marie Curie
Comic Relief
Children in Need
Water Aid
Guide Dogs
Greenpeace
""")

OTHER_PAYEES = merchants("""
HMRC Self Assessment|HMRC SELF ASSESSMENT|HMRC NDDS|HMRC SA
HMRC PAYE
IRS Tax Payment|IRS USATAXPYMT
Finanzamt
DGFIP Impot|DGFIP
HM Passport Office|HMPO
GOV.UK Payment|GOV.UK
DVLA Driving Licence
Post Office|POST OFFICE COUNTER|POST OFFICE LTD
Royal Mail|ROYAL MAIL POSTAGE
USPS|USPS PO
ParentPay|PARENTPAY
Vets4Pets|VETS4PETS
Medivet
VCA Animal Hospital
Timpson|TIMPSON LTD
Western Union
MoneyGram
Remitly
WorldRemit
Dry Cleaners|JOHNSONS CLEANERS
Companies House
TV Licence Fine
Court Fine|HMCTS
Parking Fine|PCN
Childcare Choices|CHILDCARE SERVICE
Bright Horizons
Busy Bees Nursery
""")

ATM_OPERATORS = merchants("""
Euronet|EURONET 360
Cardtronics
Notemachine|NOTE MACHINE
Post Office|POST OFFICE ATM
Sainsbury's Bank|SAINSBURYS BANK
Tesco Bank|TESCO BANK ATM
Co-op Bank|CO-OPERATIVE BANK
HSBC
Barclays|BARCLAYS BANK
Lloyds Bank|LLOYDS TSB
Halifax
NatWest
Santander
Nationwide BS|NATIONWIDE
Royal Bank of Scotland|RBS
Bank of Scotland
TSB
Metro Bank
Chase|CHASE BANK
Bank of America|BK OF AMERICA
Wells Fargo
Citibank
Allpoint
CBA|COMMBANK
Westpac
ANZ
NAB
RBC Royal Bank|RBC
TD Canada Trust|TD BANK
Scotiabank
Sparkasse
Volksbank
Deutsche Bank
Commerzbank
BNP Paribas
Societe Generale
ING
ABN AMRO
DBS
OCBC
Travelex
Your Local ATM
PayPoint
""")

SAVINGS_PROVIDERS = merchants("""
Vanguard|VANGUARD ASSET MGMT|VANGUARD INVESTOR|VANGUARD INVESTMENTS
Trading 212|TRADING 212|TRADING212
Freetrade
Hargreaves Lansdown|HARGREAVES LANS|HL ISA
AJ Bell|AJ BELL YOUINVEST
Interactive Investor|II.CO.UK
Fidelity International|FIDELITY|FIDELITY INVESTMENTS
Nutmeg
Moneybox|MONEYBOX SAVE
Plum Fintech|PLUM
Chip Savings|CHIP
Wealthify
Moneyfarm
eToro|ETORO MONEY
Coinbase|COINBASE UK
Kraken
Binance
Crypto.com
Robinhood
Charles Schwab|SCHWAB BROKERAGE
E*TRADE|ETRADE
Acorns|ACORNS INVEST
Stash Invest
Betterment
Wealthfront
Webull
Questrade
Wealthsimple
CommSec
Stake
Raiz Invest
Spaceship Voyager
Pearler
Scalable Capital
Trade Republic
Degiro
Comdirect Depot
Bitpanda
Syfe
StashAway
Endowus
Tiger Brokers
Moomoo
PensionBee
NS&I Premium Bonds|NS&I|NS&I PREMIUM BONDS|NSANDI
Marcus Savings|MARCUS BY GOLDMAN SACHS
Chase Saver
Zopa Smart Saver
Kroo Savings
Ally Bank Savings|ALLY BANK
Ubank Save
ING Savings Maximiser
""")
# A customer's own name appears in transfers between their own accounts and in payments to
# people; both sides draw from the same names, so the name alone never decides.
FIRST_NAMES: Final = (
    "James", "Olivia", "Mohammed", "Amelia", "Liam", "Priya", "Chen", "Sofia", "Oliver", "Aisha",
    "Lucas", "Emma", "Noah", "Maria", "Jack", "Hannah", "Kwame", "Yuki", "Luca", "Anna",
    "Daniel", "Fatima", "Tom", "Grace", "Arjun", "Zoe", "Ivan", "Chloe", "Ben", "Leah",
    "Mateo", "Isla", "Omar", "Ella", "Sam", "Nina", "Hiro", "Sara", "Josh", "Megan",
    "George", "Charlotte", "Harry", "Lily", "Jacob", "Freya", "Charlie", "Ava", "Thomas",
    "Mia", "Oscar", "Ruby", "William", "Poppy", "Henry", "Evie", "Alfie", "Sophie", "Leo",
    "Jessica", "Joseph", "Lucy", "Ethan", "Katie", "Adam", "Rachel", "Ryan", "Laura", "David",
    "Sarah", "Michael", "Emily", "Chris", "Rebecca", "Matthew", "Amy", "Andrew", "Claire",
    "Paul", "Helen", "Mark", "Karen", "Peter", "Susan", "John", "Linda", "Robert", "Patricia",
    "Jennifer", "Ahmed", "Yusuf", "Ibrahim", "Zainab", "Ayesha", "Rahul", "Anjali", "Vikram",
    "Deepa", "Wei", "Ling", "Jun", "Mei", "Min-jun", "Ji-woo", "Kenji", "Sakura", "Takashi",
    "Pierre", "Camille", "Julien", "Manon", "Hans", "Lena", "Jan", "Sanne", "Pablo", "Lucia",
    "Giulia", "Marco", "Pawel", "Agnieszka", "Olga", "Dmitri", "Chidi", "Ngozi", "Tunde",
    "Amara", "Kofi", "Abena", "Diego", "Camila", "Sean", "Siobhan", "Ewan", "Morag", "Rhys",
    "Carys", "Connor", "Niamh", "Bilal", "Hamza", "Layla", "Noor", "Arlo", "Ivy", "Finn",
)
SURNAMES: Final = (
    "Smith", "Jones", "Patel", "Khan", "Nguyen", "Mueller", "Rossi", "Kowalski", "OBrien",
    "Garcia", "Chen", "Kim", "Tanaka", "Singh", "Brown", "Taylor", "Wilson", "Evans", "Thomas",
    "Roberts", "Murphy", "Schmidt", "Dubois", "Silva", "Santos", "Hansen", "Jansen", "Novak",
    "Ivanova", "Walker", "Hughes", "Edwards", "Green", "Hall", "Wood", "Clarke", "Lee", "Ali",
    "Ahmed", "Martin", "Lopez", "Cohen", "Okafor", "Mensah", "Dlamini", "Fischer", "Weber",
    "Johnson", "Williams", "Davies", "Robinson", "Wright", "Thompson", "White", "Harris",
    "Lewis", "Jackson", "Clark", "Young", "Allen", "King", "Scott", "Baker", "Adams", "Mitchell",
    "Campbell", "Anderson", "Stewart", "Morris", "Turner", "Phillips", "Parker", "Collins",
    "Bell", "Cook", "Morgan", "Cooper", "Ward", "Bailey", "Carter", "Hill", "Moore", "Price",
    "Bennett", "Gray", "Shaw", "Lloyd", "Reid", "Kelly", "Fraser", "MacDonald", "Ross",
    "Hussain", "Begum", "Rahman", "Islam", "Shah", "Sharma", "Gupta", "Kaur", "Reddy", "Iyer",
    "Wang", "Li", "Zhang", "Liu", "Huang", "Wong", "Lam", "Park", "Choi", "Sato", "Suzuki",
    "Takahashi", "Watanabe", "Tran", "Le", "Pham", "Santos", "Reyes", "Cruz", "Fernandez",
    "Gonzalez", "Rodriguez", "Martinez", "Sanchez", "Perez", "Romero", "Bianchi", "Ferrari",
    "Esposito", "Moreau", "Laurent", "Bernard", "Lefebvre", "Meyer", "Wagner", "Becker",
    "Schulz", "Hoffmann", "Koch", "De Jong", "Bakker", "Visser", "Peeters", "Nowak",
    "Wisniewski", "Popescu", "Horvat", "Andersson", "Johansson", "Nielsen", "Larsen", "Virtanen",
    "OConnor", "Byrne", "Ryan", "Walsh", "Adeyemi", "Okonkwo", "Boateng", "Asante", "Nkosi",
    "Abdullah", "Haddad", "Nasser", "Yilmaz", "Kaya", "Demir", "Papadopoulos", "Costa",
)
WORDS: Final = (
    "Rose", "Oak", "Willow", "Harbour", "Maple", "River", "Golden", "Silver", "Blue", "Green",
    "Red", "Hill", "Park", "Station", "Market", "Bridge", "Kings", "Queens", "Castle", "Abbey",
    "Lotus", "Sakura", "Bamboo", "Olive", "Cedar", "Copper", "Little", "Old Town", "Corner",
    "Village", "Garden", "Orchard", "Sunrise", "Northern", "Union", "Ocean", "Bay", "Lake",
    "Meadow", "Fox", "Crown", "Anchor", "Lantern", "Ember", "Honey", "Juniper", "Fern",
    "Pepper", "Saffron", "Jade", "Pearl", "Hawthorn", "Elm", "Ivy", "Nova", "Urban", "Grand",
    "Royal", "Central", "Highland", "Coast", "Valley", "Summit", "Atlas", "Phoenix", "Falcon",
    "Star", "Moon", "Sun", "Eagle", "Lion", "Tiger", "Dragon", "Panda", "Cherry", "Mango",
    "Plum", "Apple", "Birch", "Pine", "Thistle", "Clover", "Heather", "Bramble", "Granite",
)
CITIES: Final = (
    ("London", "GB"), ("Manchester", "GB"), ("Birmingham", "GB"), ("Leeds", "GB"),
    ("Glasgow", "GB"), ("Edinburgh", "GB"), ("Bristol", "GB"), ("Cardiff", "GB"),
    ("Belfast", "GB"), ("Liverpool", "GB"), ("Sheffield", "GB"), ("Newcastle", "GB"),
    ("Nottingham", "GB"), ("Brighton", "GB"), ("Oxford", "GB"), ("Cambridge", "GB"),
    ("Reading", "GB"), ("York", "GB"), ("Leicester", "GB"), ("Southampton", "GB"),
    ("Norwich", "GB"), ("Exeter", "GB"), ("Aberdeen", "GB"), ("Swansea", "GB"),
    ("Milton Keynes", "GB"), ("Croydon", "GB"), ("Stratford", "GB"), ("Camden", "GB"),
    ("New York", "US"), ("Los Angeles", "US"), ("Chicago", "US"), ("Houston", "US"),
    ("Seattle", "US"), ("San Francisco", "US"), ("Austin", "US"), ("Boston", "US"),
    ("Denver", "US"), ("Miami", "US"), ("Atlanta", "US"), ("Dallas", "US"), ("Brooklyn", "US"),
    ("Toronto", "CA"), ("Vancouver", "CA"), ("Montreal", "CA"), ("Calgary", "CA"),
    ("Sydney", "AU"), ("Melbourne", "AU"), ("Brisbane", "AU"), ("Perth", "AU"),
    ("Auckland", "NZ"), ("Berlin", "DE"), ("Muenchen", "DE"), ("Hamburg", "DE"), ("Koeln", "DE"),
    ("Frankfurt", "DE"), ("Paris", "FR"), ("Lyon", "FR"), ("Amsterdam", "NL"),
    ("Rotterdam", "NL"), ("Madrid", "ES"), ("Barcelona", "ES"), ("Roma", "IT"), ("Milano", "IT"),
    ("Dublin", "IE"), ("Singapore", "SG"), ("Hong Kong", "HK"), ("Tokyo", "JP"),
    ("Mumbai", "IN"), ("Bangalore", "IN"), ("Dubai", "AE"), ("Lisboa", "PT"), ("Wien", "AT"),
    ("Zurich", "CH"), ("Stockholm", "SE"), ("Oslo", "NO"), ("Warszawa", "PL"),
)
REGION_CODES: Final = {  # two-letter: (three-letter, state or province codes, currency)
    "GB": ("GBR", ("",), "GBP"), "US": ("USA", ("NY", "CA", "IL", "TX", "WA", "MA", "FL", "GA"),
                                         "USD"),
    "CA": ("CAN", ("ON", "BC", "QC", "AB"), "CAD"), "AU": ("AUS", ("NS", "VI", "QL", "WA"), "AUD"),
    "NZ": ("NZL", ("",), "NZD"), "DE": ("DEU", ("",), "EUR"), "FR": ("FRA", ("",), "EUR"),
    "NL": ("NLD", ("",), "EUR"), "ES": ("ESP", ("",), "EUR"), "IT": ("ITA", ("",), "EUR"),
    "IE": ("IRL", ("",), "EUR"), "SG": ("SGP", ("",), "SGD"), "HK": ("HKG", ("",), "HKD"),
    "JP": ("JPN", ("",), "JPY"), "IN": ("IND", ("",), "INR"), "AE": ("ARE", ("",), "AED"),
    "PT": ("PRT", ("",), "EUR"), "AT": ("AUT", ("",), "EUR"), "CH": ("CHE", ("",), "CHF"),
    "SE": ("SWE", ("",), "SEK"), "NO": ("NOR", ("",), "NOK"), "PL": ("POL", ("",), "PLN"),
}

# Independent businesses: what their names look like, by category.
INDEPENDENT: Final[dict[str, tuple[str, ...]]] = {
    "groceries": (
        "{W} Supermarket", "{S} Food Store", "{W} Mini Market", "{W} Minimarket",
        "{W} Convenience Store", "{S} Grocers", "{W} Food & Wine", "{W} Off Licence",
        "{W} Halal Meat", "{S} Butchers", "{W} Fruit & Veg", "{S} Greengrocer",
        "{W} Oriental Supermarket", "{W} Asian Supermarket", "{W} Polski Sklep",
        "{W} Farm Shop", "{W} Deli", "{W} Food Centre", "{S} Family Butcher", "{W} Fishmonger",
        "{W} Groceries", "{W} Food Market", "{W} Cash & Carry", "{W} Organic Market",
        "{W} Lebensmittel", "{W} Epicerie", "{W} Alimentari", "{W} Supermercado", "{W} Mart",
        "Metzgerei {S}", "Boucherie {S}", "Carniceria {W}", "{W} Biomarkt", "Primeur {W}",
        "{W} Halal Food", "{W} Kosher Market", "{W} Grocery", "{W} Superette", "{W} Foodhall",
        "{W} Express Mart", "{W} Bodega", "{W} Provisions", "{W} Wholefoods",
        "{W} Supermarkt", "{W} Markt", "{W} Food Mart", "{W} Foods", "{W} Superstore",
        "{W} Hypermarket", "{W} Minimart", "{W} Alimentation", "Tienda {W}", "{W} Market",
        "{W} Fresh Market", "{W} Supermercati", "Sklep {W}", "{W} Food Store", "{S} Foodstore",
        "{W} Grocery Store", "{W} Convenience", "{W} Mini Mart", "{W} Drinks & Groceries",
    ),
    "coffee": (
        "{W} Coffee", "{W} Coffee Co", "{S} Coffee House", "{W} Coffee Roasters",
        "{W} Espresso Bar", "{W} Espresso", "{W} Cafe", "{S}'s Cafe", "Kaffee {W}",
        "{W} Kaffeehaus", "Caffe {W}", "{W} Coffee Lab", "{W} Coffee Shop", "{W} Beanery",
        "{W} Brew Bar", "{W} Roastery", "{W} Coffee Bar", "{W} Coffee Works", "Cafe {W}",
        "{W} Coffee & Bakes", "{W} Bean Co", "{W} Coffee Company",
    ),
    "eating_out": (
        "{W} Kitchen", "{W} Grill", "{W} Thai", "{W} Sushi", "{W} Noodle Bar", "Pizzeria {W}",
        "Trattoria {W}", "Ristorante {W}", "Bistro {W}", "{W} Brasserie", "{W} Tandoori",
        "{W} Indian Restaurant", "{W} Curry House", "{W} Kebab House", "{W} Chinese Takeaway",
        "{W} Fish & Chips", "{W} Chippy", "{F}'s Diner", "Taqueria {W}", "{W} Burger Bar",
        "{W} Steakhouse", "{W} Tapas", "Taverna {W}", "{W} Ramen", "{W} Dim Sum", "{W} BBQ",
        "{W} Restaurant", "{W} Canteen", "{W} Eatery", "{W} Wok", "The {W} Arms",
        "The {W} Inn", "The {W} Tavern", "The {W} & {W2}", "{W} Bar & Grill", "{W} Taproom",
        "{W} Wine Bar", "{W} Cocktail Bar", "{W} Pub", "{W} Pizza", "{W} Peri Peri",
        "Imbiss {W}", "{W} Doner", "Osteria {W}", "Cantina {W}", "{W} Noodle House",
        "{W} Sushi Bar", "{W} Burrito", "{W} Takeaway", "{W} Kebab", "{W} Brunch",
        "{W} Chicken", "{W} Fried Chicken", "{W} Shawarma", "{W} Falafel", "{W} Pho",
        "{W} Bao", "{W} Poke", "{W} Gastropub", "{W} Brewhouse", "{W} Smokehouse",
        "{W} Curry", "{W} Balti", "{W} Mezze", "{W} Trattoria", "{W} Izakaya", "{W} Bistro",
        "Restaurant {W}", "Gasthaus {W}", "{W} Biergarten", "Brasserie {W}",
    ),
    "transport": (
        "{C} Taxis", "{W} Cars", "{C} Cabs", "{W} Private Hire", "{W} Motors",
        "{S} Garage", "{W} Autos", "{W} MOT Centre", "{W} Tyres", "{W} Service Station",
        "{W} Filling Station", "{W} Petrol", "{W} Fuels", "{C} Car Park", "{W} Parking",
        "Parkhaus {W}", "Taxi {C}", "{C} Airport Taxis", "Autowerkstatt {S}", "{W} Garage Services",
        "{W} EV Charging", "{W} Toll Road", "{C} Transit", "{W} Rail", "{W} Ferries",
        "{C} Council Parking", "{W} Car Wash", "{W} Coaches", "{W} Travel Buses",
        "{W} Auto Repairs", "{W} Bike Hire", "{W} Gas Station", "{W} Tankstelle",
        "{W} Fuel Stop", "{W} Petroleum", "{C} Metro", "{W} Bus Company",
        "{W} Cab Co", "{C} Taxi Co", "{W} Gas & Go", "{W} Tolls", "{W} Tyre Centre",
        "{W} Auto Service", "Gasolinera {W}", "Station Service {W}", "{W} Carburants",
        "{C} Parking Services", "{W} Park & Ride", "{C} Bus", "{C} Trams",
    ),
    "shopping": (
        "{W} Hardware", "{W} Books", "{W} Bookshop", "{W} Gifts", "{W} Boutique",
        "{W} Homeware", "{W} Electronics", "{W} Furniture", "{W} Florist", "{W} Toys",
        "{W} Interiors", "{S} Jewellers", "{W} Shoes", "{W} Outfitters", "{W} Trading",
        "{W} Emporium", "{W} Stationers", "{W} Garden Centre", "{W} DIY", "{W} Fashion",
        "Buchhandlung {S}", "Librairie {W}", "Blumen {S}", "{W} Bazaar", "{W} Appliances",
        "{W} Mobility Scooters", "{W} Lighting", "{W} Bedding", "{W} Kids Store",
        "{W} Clothing", "{W} Vintage", "{W} Home Store", "{W} Sports", "{W} Outdoor",
        "{W} Pet Supplies", "{W} Music Shop", "{W} Camera Store", "{W} Computers",
        "{W} Department Store", "{W} Menswear", "{W} Gallery Shop", "{W} Design Store",
        "{W} Online Store", "{W} Market Stall", "{W} Craft Supplies", "{W} Cycles",
        "{W} Store", "{W} Shop", "{W} Retail", "{W} Outlet", "{W} Home & Garden",
        "{W} Warehouse", "{W} Discount Store", "{W} Variety Store", "{W} Apparel",
        "{W} Kaufhaus", "{W} Magasin", "{W} Boutique Online", "{W} Mode", "{W} Tienda Online",
    ),
    "health_personal_care": (
        "{W} Dental", "{W} Dental Practice", "{S} Dental Care", "{W} Orthodontics",
        "{S} Opticians", "{W} Eye Care", "{W} Physiotherapy", "{W} Osteopathy",
        "{W} Chiropractic", "{W} Pharmacy", "{S} Chemist", "{W} Barbers", "{W} Barber Shop",
        "{W} Hair Salon", "{W} Hair & Beauty", "{W} Nails", "{W} Nail Bar", "{W} Beauty Salon",
        "{W} Day Spa", "{W} Skin Clinic", "{W} Medical Centre", "{W} Clinic", "{W} Podiatry",
        "{W} Hearing Centre", "{W} Apotheke", "Pharmacie {W}", "Farmacia {W}", "{W} Drugstore",
        "Friseur {S}", "Coiffure {W}", "Peluqueria {W}", "Zahnarzt Dr {S}", "Dr {S} Dentist",
        "Optiker {S}", "Physiotherapie {W}", "Kosmetikstudio {W}", "Dr {S} Medical",
        "Cabinet Dentaire {W}", "{W} Hair Studio", "{W} Brow Bar", "{W} Waxing",
        "{W} Aesthetics", "{W} Massage", "{W} Therapy Rooms", "{W} Lash & Brow",
        "{W} Tattoo Studio", "{W} Health Clinic", "{S} Hairdressers",
    ),
    "subscriptions": (
        "{W} Gym", "{W} Fitness", "{W} CrossFit", "{W} Yoga", "{W} Pilates",
        "{W} Boxing Club", "{W} Leisure Club", "{W} Climbing Centre", "{W} Swim Club",
        "{W} Membership", "{W} Software", "{W} App Subscription", "{W} Streaming",
        "{W} Magazine Subscription", "{W} Box Subscription", "{W} Cloud Storage",
    ),
    "entertainment": (
        "{W} Cinema", "{W} Theatre", "{W} Bowling", "{W} Golf Club", "{W} Escape Room",
        "Kino {W}", "Cinema {W}", "Theater {W}", "Hotel {W}", "{W} Inn & Suites", "Hostal {W}",
        "Albergo {W}", "{W} Motel", "{W} Camping", "{W} Ticketing", "{W} Live Events",
        "{W} Comedy Club", "{W} Arts Centre", "{W} Museum", "{W} Gallery", "{W} Festival",
        "{W} Hotel", "{W} Guest House", "{W} B&B", "{W} Holiday Park", "{W} Adventure Park",
        "{W} Karting", "{W} Laser Quest", "{W} Trampoline Park", "{W} Bingo", "{W} Casino",
        "{W} Arcade", "{W} Zoo", "{W} Aquarium", "{W} Lido", "{W} Resort", "{W} Lodge",
        "{W} Hostel", "{W} Tours", "{W} Concert Hall", "{W} Music Venue", "{W} Nightclub",
        "{W} Ski Pass", "{W} Theme Park", "{W} Betting", "{W} Bookmakers", "{W} Games",
        "{W} Airlines", "{W} Air", "{W} Holidays", "{W} Travel", "{W} Cruises",
    ),
    "bills_utilities": (
        "{C} City Council", "{C} Council CTAX", "{C} Council Tax", "LB {C}", "{C} DC",
        "{C} BC Council Tax", "{W} Energy", "{W} Power", "{W} Water", "{W} Gas",
        "{W} Broadband", "{W} Telecom", "{W} Mobile", "{W} Fibre", "{W} Utilities",
        "City of {C} Utilities", "Stadtwerke {C}", "{W} Electric", "{W} Internet",
        "{C} Water Dept", "{W} Heating Oil",
    ),
    "insurance": (
        "{W} Insurance", "{W} Insurance Services", "{W} Assurance", "{W} Mutual",
        "{W} Life Assurance", "{W} Pet Insurance", "{W} Car Insurance", "{W} Home Insurance",
        "{W} Travel Insurance", "{W} Versicherung", "{W} Assurances", "{W} Insurance Brokers",
        "{W} Health Plan", "{W} Cover", "{W} Underwriting", "{W} Protect",
    ),
    "housing": (
        "{W} Lettings", "{W} Estates", "{W} Property Management", "{W} Residential",
        "{W} Homes", "{W} Apartments", "{W} Realty", "{W} Property", "{W} Housing Association",
        "{S} Property Services", "{W} Building Society Mortgage", "{W} Mortgages",
        "{W} Home Loans", "{W} Block Management", "{W} Student Living", "{W} HOA",
        "{W} Hausverwaltung", "{W} Immobilier",
    ),
    "repayments": (
        "{W} Finance", "{W} Loans", "{W} Lending", "{W} Credit", "{W} Motor Finance",
        "{W} Capital", "{W} Financial Services", "{W} Money", "{W} Funding",
        "{W} Car Finance", "{W} Consumer Finance", "{W} Pay Later", "{W} Instalments",
    ),
    "other": (
        "{W} Trust", "{W} Foundation", "{W} Charity", "{W} Hospice", "{W} Nursery",
        "{W} Day Nursery", "{W} Childcare", "{W} Kids Club", "{W} After School Club",
        "{W} Primary School", "{W} Academy", "{W} Vets", "{W} Veterinary", "{S} Solicitors",
        "{W} Legal", "{W} Church", "{W} Parish", "{W} Cleaners", "{W} Dry Cleaning",
        "{W} Tailors", "{W} Plumbing", "{W} Builders", "{W} Removals", "{W} Gardening",
        "{W} Accountants", "{W} Union", "{W} Scouts", "{W} Donation", "{W} Storage",
    ),
}
# Employers built from parts, with a legal suffix per country.
EMPLOYER_SUFFIXES: Final = (
    "Ltd", "Limited", "plc", "LLP", "Group", "UK Ltd", "Inc", "LLC", "Corp", "Co", "GmbH",
    "AG", "SA", "SAS", "BV", "NV", "Pty Ltd", "PTY LT", "Pte Ltd", "KK", "SpA", "SL",
)
EMPLOYER_WORDS: Final = (
    "Digital", "Logistics", "Engineering", "Consulting", "Holdings", "Systems", "Solutions",
    "Healthcare", "Services", "Technologies", "Construction", "Foods", "Retail", "Media",
    "Partners", "Software", "Labs", "Manufacturing", "Care", "Recruitment", "Education",
    "Energy", "Analytics", "Security", "Design", "Developments", "Transport", "Hospitality",
)
