/* names: the demo's lists of first names (by sex, children and adults) and family names,
 * grouped by the heritage a CIN census ethnicity code suggests, so that a synthetic
 * authority reads like the mix of families an English council works with. Data only: the
 * draws are demo_family.c's. The lists are hearth's own, made for the demo; they name no
 * real person. */
#include "names.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define LIST(a) {a, N(a)}

/* ---- British (and the default) ---------------------------------------------------- */
/* No name here is a word the pages print ("Day", "Page", "Cross", "Young": the benchmarks'
 * "Young People"), nor a name the browser tests type or search for as their own ("Robert",
 * "Maisie", by prefix): a test that finds it must have found its own. */
static const char *const gb_girls[] = {
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia",
    "Grace", "Freya", "Willow", "Florence", "Emily", "Ella", "Poppy", "Evie", "Elsie", "Charlotte",
    "Evelyn", "Sienna", "Daisy", "Phoebe", "Sophie", "Harper", "Millie", "Ruby", "Alice", "Matilda",
    "Jessica", "Chloe", "Layla", "Lucy", "Erin", "Holly", "Megan", "Ellie", "Hannah", "Lola",
    "Amber", "Paige", "Courtney", "Leah", "Bethany", "Kayleigh", "Jasmine", "Scarlett", "Mabel",
    "Summer", "Lacey", "Skye", "Molly", "Imogen", "Eleanor", "Harriet", "Niamh", "Tilly", "Darcey",
    "Macie", "Lexi", "Libby", "Abigail", "Zara", "Bonnie", "Ellis", "Georgia", "Katie", "Rebecca",
    "Lauren", "Caitlin", "Tia", "Jade", "Keira", "Madison", "Nevaeh", "Aria", "Violet", "Hallie"};
static const char *const gb_boys[] = {
    "Oliver", "George", "Harry", "Noah", "Jack", "Leo", "Arthur", "Muhammad", "Oscar", "Charlie",
    "Jacob", "Thomas", "Henry", "Freddie", "Alfie", "Theo", "William", "Theodore", "Archie",
    "Joshua", "Alexander", "James", "Isaac", "Edward", "Lucas", "Tommy", "Finley", "Max", "Logan",
    "Ethan", "Mason", "Harrison", "Reggie", "Teddy", "Albie", "Ronnie", "Louie", "Riley", "Kai",
    "Dylan", "Tyler", "Kyle", "Callum", "Connor", "Liam", "Ryan", "Jamie", "Lewis", "Bradley",
    "Kieran", "Jayden", "Brandon", "Harley", "Ryley", "Rhys", "Owen", "Ellis", "Jenson", "Frankie",
    "Stanley", "Sonny", "Bobby", "Toby", "Reuben", "Elliot", "Sam", "Ben", "Daniel", "Luke",
    "Nathan", "Aaron", "Adam", "Cameron", "Jake", "Morgan", "Zachary", "Rory", "Ashton", "Levi"};
static const char *const gb_women[] = {
    "Sarah", "Emma", "Laura", "Gemma", "Rachel", "Nicola", "Kelly", "Claire", "Lisa", "Hayley",
    "Danielle", "Stacey", "Kirsty", "Amy", "Charlotte", "Jennifer", "Rebecca", "Joanne", "Louise",
    "Samantha", "Lindsey", "Leanne", "Natalie", "Victoria", "Michelle", "Zoe", "Kerry", "Carly",
    "Jodie", "Katie", "Amanda", "Tracey", "Donna", "Sharon", "Kim", "Stephanie", "Lucy", "Jade",
    "Sophie", "Chelsea", "Shannon", "Kayleigh", "Toni", "Emma-Louise", "Lorraine", "Karen"};
static const char *const gb_men[] = {
    "David", "Mark", "Paul", "Andrew", "Richard", "Daniel", "Christopher", "Michael", "James",
    "Matthew", "Stephen", "Darren", "Lee", "Craig", "Wayne", "Jason", "Scott", "Gary", "Dean",
    "Carl", "Ryan", "Adam", "Jamie", "Ben", "Tom", "Luke", "Nathan", "Shaun", "Kevin", "Martin",
    "Anthony", "Simon", "Neil", "Stuart", "Ashley", "Liam", "Kyle", "Jordan", "Danny", "Russell"};
static const char *const gb_family[] = {
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Rowlands", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes",
    "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin",
    "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison",
    "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price",
    "Bennett", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson",
    "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards", "Khan", "Marshall",
    "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson", "Foster", "Chapman",
    "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain", "Campbell", "Matthews",
    "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell",
    "Barker", "Fisher", "Stevens", "Jenkins", "Murray", "Dixon", "Harvey", "Graham", "Pearson",
    "Ahmed", "Fletcher", "Walsh", "Kaur", "Gibson", "Howard", "Andrews", "Stewart", "Elliott",
    "Reynolds", "Saunders", "Payne", "Fox", "Ford", "Pearce", "Dale", "Brooks", "West", "Lawrence",
    "Cole", "Atkinson", "Bradley", "Spencer", "Gill", "Dawson", "Ball", "Burton", "O'Brien",
    "Watts", "Rose", "Booth", "Perry", "Ryan", "Grant", "Wells", "Armstrong", "Francis", "Rees",
    "Hayes", "Hart", "Hudson", "Newman", "Barrett", "Webster", "Hunter", "Gregory", "Carr",
    "Lowe", "Pike", "Marsh", "Riley", "Dunn", "Woods", "Parsons", "Berry", "Stone", "Reid",
    "Holland", "Hawkins", "Harding", "Porter", "Rowley", "Newton", "Oliver", "Reed",
    "Kennedy", "Williamson", "Bird", "Gardner", "Shah", "Dean", "Lane", "Cooke", "Bates", "Henderson",
    "Parry", "Burgess", "Bishop", "Walton", "Burns", "Nicholson", "Shepherd", "Ross", "Crossley",
    "Lang", "Freeman", "Warren", "Nicholls", "Hamilton", "Byrne", "Sutton", "McDonald", "Yates",
    "Hodgson", "Robson", "Curtis", "Hopkins", "O'Connor", "Harper", "Coleman", "Watkins", "Moss"};

/* ---- Irish and Irish Traveller ---------------------------------------------------- */
static const char *const ie_girls[] = {"Aoife", "Ciara", "Niamh", "Saoirse", "Siobhan", "Roisin",
                                       "Caoimhe", "Orla", "Sinead", "Bridget", "Kathleen", "Mary",
                                       "Margaret", "Shauna", "Grainne", "Maeve", "Erin", "Clodagh"};
static const char *const ie_boys[] = {"Sean", "Patrick", "Conor", "Cian", "Oisin", "Darragh",
                                      "Ciaran", "Eoin", "Michael", "John", "Martin", "Christy",
                                      "Tadhg", "Padraig", "Dermot", "Declan", "Fionn", "Jimmy"};
static const char *const ie_family[] = {
    "Murphy", "Kelly", "O'Sullivan", "Walsh", "O'Brien", "Byrne", "Ryan", "O'Connor", "O'Neill",
    "O'Reilly", "Doyle", "McCarthy", "Gallagher", "Doherty", "Kennedy", "Lynch", "Murray", "Quinn",
    "Moore", "McLoughlin", "Carroll", "Connolly", "Daly", "Connors", "McDonagh", "Ward", "Maughan",
    "Joyce", "Delaney", "Cash", "Keenan", "Flanagan"};

/* ---- Central and eastern European, Roma ------------------------------------------- */
static const char *const ee_girls[] = {
    "Zofia", "Julia", "Zuzanna", "Maja", "Hanna", "Lena", "Alicja", "Natalia", "Oliwia", "Wiktoria",
    "Amelia", "Emilia", "Ioana", "Maria", "Elena", "Andreea", "Gabriela", "Daria", "Milena", "Ugne",
    "Gabija", "Viktorija", "Kristina", "Anastasia", "Sofia", "Teodora", "Denisa", "Bianca"};
static const char *const ee_boys[] = {
    "Jakub", "Antoni", "Szymon", "Jan", "Filip", "Kacper", "Aleksander", "Franciszek", "Mikolaj",
    "Wojciech", "Andrei", "Alexandru", "Stefan", "Ionut", "Gabriel", "David", "Matei", "Lukas",
    "Matas", "Dominykas", "Nojus", "Marek", "Tomas", "Adrian", "Dawid", "Patryk", "Denis", "Luca"};
static const char *const ee_women[] = {"Katarzyna", "Agnieszka", "Anna", "Magdalena", "Joanna",
                                       "Monika", "Ewa", "Ioana", "Mihaela", "Elena", "Alina",
                                       "Ramona", "Jurgita", "Rasa", "Inga", "Daniela", "Petra"};
static const char *const ee_men[] = {"Piotr", "Tomasz", "Pawel", "Marcin", "Krzysztof", "Lukasz",
                                     "Michal", "Ion", "Florin", "Constantin", "Marius", "Mihai",
                                     "Darius", "Mindaugas", "Tomas", "Vasile", "Georgi"};
static const char *const ee_family[] = {
    "Nowak", "Kowalski", "Wisniewski", "Wojcik", "Kowalczyk", "Kaminski", "Lewandowski",
    "Zielinski", "Szymanski", "Wozniak", "Dabrowski", "Kozlowski", "Mazur", "Krawczyk", "Popescu",
    "Ionescu", "Popa", "Stan", "Dumitru", "Constantin", "Munteanu", "Balan", "Kazlauskas",
    "Petrauskas", "Jankauskas", "Ivanov", "Georgiev", "Dimitrov", "Horvath", "Kovacs", "Lakatos",
    "Balogh", "Novak", "Dvorak", "Rostas", "Stoica"};

/* ---- Pakistani and Bangladeshi ---------------------------------------------------- */
static const char *const pk_girls[] = {
    "Aisha", "Maryam", "Fatima", "Zainab", "Hafsa", "Khadija", "Safa", "Iqra", "Amina", "Eman",
    "Aleena", "Hania", "Anaya", "Inaya", "Mahnoor", "Sumaya", "Tasnim", "Nusrat", "Ruqayyah",
    "Sadia", "Yusra", "Hiba", "Noor", "Laiba", "Alisha", "Ayesha", "Sana", "Nafisa"};
static const char *const pk_boys[] = {
    "Muhammad", "Mohammed", "Ibrahim", "Yusuf", "Ayaan", "Zayn", "Adam", "Hamza", "Ali", "Musa",
    "Ismail", "Zakariya", "Abdullah", "Rayyan", "Haris", "Bilal", "Umar", "Idris", "Saif",
    "Rehan", "Arham", "Tahmid", "Rafi", "Sami", "Ahmed", "Hassan", "Imran", "Zubair"};
static const char *const pk_women[] = {"Nazia", "Shabana", "Rubina", "Farzana", "Shazia", "Nasreen",
                                       "Samina", "Rukhsana", "Salma", "Sabina", "Ruksana", "Tahmina",
                                       "Jasmin", "Parveen", "Nadia", "Saima"};
static const char *const pk_men[] = {"Mohammed", "Tariq", "Imran", "Asif", "Khalid", "Naveed",
                                     "Shahid", "Abdul", "Rashid", "Kamran", "Faisal", "Mizanur",
                                     "Shafiqul", "Jamal", "Nadeem", "Sajid"};
static const char *const pk_family[] = {
    "Khan", "Hussain", "Ahmed", "Ali", "Akhtar", "Begum", "Iqbal", "Mahmood", "Rahman", "Islam",
    "Uddin", "Miah", "Chowdhury", "Hossain", "Bibi", "Shah", "Butt", "Malik", "Qureshi", "Rashid",
    "Siddiqui", "Mirza", "Anwar", "Aziz", "Choudhury", "Karim", "Haque", "Sultana", "Riaz", "Sheikh"};

/* ---- Indian and other Asian ------------------------------------------------------- */
static const char *const in_girls[] = {
    "Priya", "Anaya", "Diya", "Aanya", "Riya", "Kiran", "Simran", "Jasleen", "Harleen", "Navneet",
    "Ishani", "Saanvi", "Avni", "Meera", "Tara", "Anjali", "Nisha", "Pooja", "Divya", "Amrit",
    "Kavya", "Myra", "Sia", "Leela"};
static const char *const in_boys[] = {
    "Arjun", "Aarav", "Rohan", "Dev", "Vihaan", "Krish", "Jaspreet", "Harjot", "Gurpreet",
    "Aryan", "Kabir", "Ravi", "Sai", "Nikhil", "Rahul", "Ishaan", "Veer", "Ajay", "Jai", "Manveer",
    "Reyansh", "Sahil", "Tej", "Yash"};
static const char *const in_women[] = {"Sunita", "Anita", "Rajinder", "Parminder", "Sukhvinder",
                                       "Meena", "Kavita", "Nirmala", "Harpreet", "Rupinder",
                                       "Jaswinder", "Deepa", "Hema", "Manjit"};
static const char *const in_men[] = {"Rajesh", "Sanjay", "Sunil", "Vijay", "Harjinder", "Kuldip",
                                     "Jaswant", "Amarjit", "Ramesh", "Manoj", "Dinesh", "Gurdev",
                                     "Ashok", "Paramjit"};
static const char *const in_family[] = {
    "Patel", "Singh", "Kaur", "Sharma", "Gill", "Sandhu", "Sidhu", "Dhillon", "Kumar", "Shah",
    "Mistry", "Parmar", "Chauhan", "Bains", "Johal", "Grewal", "Lal", "Mehta", "Joshi", "Gupta",
    "Nair", "Pillai", "Desai", "Rai", "Thapa", "Gurung", "Perera", "Fernando", "Silva", "Bhatt"};

/* ---- Caribbean -------------------------------------------------------------------- */
static const char *const cb_girls[] = {"Shanice", "Tianna", "Kaliyah", "Jada", "Aaliyah", "Nia",
                                       "Amara", "Imani", "Kiara", "Shantelle", "Tiana", "Malia",
                                       "Jayda", "Keisha", "Zuri", "Amani", "Chantelle", "Renee"};
static const char *const cb_boys[] = {"Jaden", "Tyrese", "Malachi", "Marcus", "Jermaine", "Kayden",
                                      "Jamal", "Kyrie", "Elijah", "Isaiah", "Nathaniel", "Trey",
                                      "Kaiden", "Josiah", "Dwayne", "Andre", "Shaquille", "Romeo"};
static const char *const cb_women[] = {"Marcia", "Sonia", "Paulette", "Janice", "Natasha",
                                       "Simone", "Donna", "Claudette", "Charmaine", "Yvonne"};
static const char *const cb_men[] = {"Delroy", "Winston", "Leroy", "Trevor", "Clive", "Errol",
                                     "Desmond", "Everton", "Carlton", "Junior"};
static const char *const cb_family[] = {
    "Campbell", "Brown", "Williams", "Thomas", "Francis", "Clarke", "Grant", "Johnson", "Henry",
    "Lewis", "Richards", "Morgan", "Reid", "Bailey", "Stewart", "Samuels", "Gordon", "Douglas",
    "Benjamin", "Joseph", "Edwards", "Forbes", "McKenzie", "Spencer", "Robinson", "Charles"};

/* ---- African ---------------------------------------------------------------------- */
static const char *const af_girls[] = {
    "Adaeze", "Chioma", "Amara", "Ifeoma", "Temitope", "Oluwaseun", "Ayomide", "Fiyinfoluwa",
    "Abena", "Akosua", "Esi", "Ama", "Nana", "Hodan", "Ayan", "Fadumo", "Hibo", "Sagal",
    "Ruth", "Blessing", "Precious", "Favour", "Grace", "Esther", "Zawadi", "Makena"};
static const char *const af_boys[] = {
    "Chidi", "Emeka", "Chukwuemeka", "Tobi", "Ayodele", "Oluwadamilare", "David", "Daniel",
    "Samuel", "Emmanuel", "Kwame", "Kofi", "Kwabena", "Yaw", "Abdi", "Abdirahman", "Mohamed",
    "Liban", "Hamza", "Tinashe", "Tendai", "Joshua", "Michael", "Femi", "Segun", "Ikenna"};
static const char *const af_women[] = {"Ngozi", "Funmilayo", "Yetunde", "Adwoa", "Akua", "Comfort",
                                       "Faith", "Ifeyinwa", "Amina", "Halima", "Sahra", "Rutendo",
                                       "Gloria", "Patience"};
static const char *const af_men[] = {"Chinedu", "Olumide", "Babatunde", "Oluwaseyi", "Kwasi",
                                     "Kojo", "Emmanuel", "Godfrey", "Abdullahi", "Mahad",
                                     "Farah", "Tafadzwa", "Joseph", "Victor"};
static const char *const af_family[] = {
    "Okafor", "Adeyemi", "Okonkwo", "Adebayo", "Oyelaran", "Eze", "Nwosu", "Ogunleye", "Afolabi",
    "Balogun", "Mensah", "Owusu", "Boateng", "Asante", "Osei", "Appiah", "Agyeman", "Ansah",
    "Mohamed", "Hassan", "Abdi", "Warsame", "Farah", "Ali", "Moyo", "Ncube", "Mutasa", "Kamara",
    "Sesay", "Conteh", "Okeke", "Adewale"};

/* ---- Chinese ---------------------------------------------------------------------- */
static const char *const cn_girls[] = {"Mei", "Xinyi", "Yuxuan", "Zihan", "Jia", "Hui", "Ling",
                                       "Emily", "Grace", "Chloe", "Jessica", "Wing", "Ka-Yan"};
static const char *const cn_boys[] = {"Wei", "Jun", "Hao", "Yichen", "Haoran", "Zihao", "Ming",
                                      "Daniel", "Ethan", "Jason", "Ryan", "Kin", "Chun"};
static const char *const cn_women[] = {"Li", "Xiaoling", "Yan", "Fang", "Mei Ling", "Siu Wai"};
static const char *const cn_men[] = {"Jian", "Wei", "Qiang", "Chi Keung", "Kwok Wai", "Lei"};
static const char *const cn_family[] = {"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang",
                                        "Zhao", "Wu", "Zhou", "Chan", "Wong", "Lam", "Cheung",
                                        "Ho", "Ng", "Leung", "Tang", "Lin", "Yip"};

/* ---- Arab, Turkish, Kurdish, Afghan, Iranian and other --------------------------- */
static const char *const me_girls[] = {
    "Layla", "Maryam", "Sara", "Rania", "Yasmin", "Hana", "Nour", "Lina", "Dilan", "Elif", "Zeynep",
    "Defne", "Azra", "Roya", "Parisa", "Shirin", "Fatemeh", "Mahsa", "Lana", "Rojin", "Jwan", "Farah"};
static const char *const me_boys[] = {
    "Omar", "Ahmad", "Yousef", "Karim", "Mustafa", "Hassan", "Ali", "Emir", "Yusuf", "Eren", "Kerem",
    "Baran", "Rojhat", "Hiwa", "Aram", "Reza", "Amir", "Arash", "Samir", "Zaid", "Tariq", "Nawid"};
static const char *const me_women[] = {"Fatma", "Ayse", "Emine", "Huda", "Rasha", "Samira", "Leila",
                                       "Zahra", "Nasrin", "Shilan", "Gulistan", "Mariam"};
static const char *const me_men[] = {"Mehmet", "Ahmet", "Ibrahim", "Khaled", "Mahmoud", "Rami",
                                     "Hussein", "Hamid", "Dara", "Kawa", "Farid", "Najib"};
static const char *const me_family[] = {
    "Yilmaz", "Kaya", "Demir", "Sahin", "Celik", "Ozturk", "Aydin", "Arslan", "Dogan", "Kurt",
    "Haddad", "Mansour", "Khalil", "Saleh", "Nasser", "Abdullah", "Hamid", "Rahimi", "Ahmadi",
    "Hosseini", "Karimi", "Mohammadi", "Barzani", "Aziz", "Said", "Omar", "Hassani", "Popal"};

static const struct name_group groups[NG_COUNT] = {
    [NG_BRITISH] = {LIST(gb_girls), LIST(gb_boys), LIST(gb_women), LIST(gb_men), LIST(gb_family)},
    [NG_IRISH] = {LIST(ie_girls), LIST(ie_boys), LIST(gb_women), LIST(gb_men), LIST(ie_family)},
    [NG_EUROPEAN] = {LIST(ee_girls), LIST(ee_boys), LIST(ee_women), LIST(ee_men), LIST(ee_family)},
    [NG_PAKISTANI] = {LIST(pk_girls), LIST(pk_boys), LIST(pk_women), LIST(pk_men), LIST(pk_family)},
    [NG_INDIAN] = {LIST(in_girls), LIST(in_boys), LIST(in_women), LIST(in_men), LIST(in_family)},
    [NG_CARIBBEAN] = {LIST(cb_girls), LIST(cb_boys), LIST(cb_women), LIST(cb_men), LIST(cb_family)},
    [NG_AFRICAN] = {LIST(af_girls), LIST(af_boys), LIST(af_women), LIST(af_men), LIST(af_family)},
    [NG_CHINESE] = {LIST(cn_girls), LIST(cn_boys), LIST(cn_women), LIST(cn_men), LIST(cn_family)},
    [NG_OTHER] = {LIST(me_girls), LIST(me_boys), LIST(me_women), LIST(me_men), LIST(me_family)},
};

const struct name_group *name_group_get(enum name_group_id g)
{
    return (int)g >= 0 && g < NG_COUNT ? &groups[g] : &groups[NG_BRITISH];
}

/* The CIN census ethnicity codes (2008 onwards). Mixed heritage is -1: the caller draws
 * each parent's side. */
int name_group_of_ethnicity(const char *code)
{
    static const struct {
        const char *code;
        int g;
    } map[] = {
        {"WBRI", NG_BRITISH},   {"WIRI", NG_IRISH},     {"WIRT", NG_IRISH},     {"WOTH", NG_EUROPEAN},
        {"WROM", NG_EUROPEAN},  {"APKN", NG_PAKISTANI}, {"ABAN", NG_PAKISTANI}, {"AIND", NG_INDIAN},
        {"AOTH", NG_INDIAN},    {"BCRB", NG_CARIBBEAN}, {"BOTH", NG_CARIBBEAN}, {"BAFR", NG_AFRICAN},
        {"CHNE", NG_CHINESE},   {"OOTH", NG_OTHER},     {"MWBC", -1},           {"MWBA", -1},
        {"MWAS", -1},           {"MOTH", -1},
    };
    for (size_t i = 0; code && i < N(map); i++)
        if (!strcmp(code, map[i].code))
            return map[i].g;
    return NG_NONE;
}
