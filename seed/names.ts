// Plausible names for a nationality. Faker's locales cover the traditions it writes in Latin
// script; the others (Arabic, Russian, Chinese, Horn of Africa, ...) come from the short
// romanised lists below, as they would appear on a UN roster. A surname written `m/f` has a
// feminine form.
import {
  Faker,
  af_ZA,
  az,
  base,
  cs_CZ,
  da,
  de,
  de_AT,
  de_CH,
  en,
  en_AU_ocker,
  en_GB,
  en_GH,
  en_IE,
  en_IN,
  en_NG,
  en_NP,
  en_ZA,
  es,
  es_MX,
  fi,
  fr,
  fr_CH,
  fr_SN,
  hr,
  hu,
  id_ID,
  it,
  lv,
  nb_NO,
  nl,
  nl_BE,
  pl,
  pt_BR,
  pt_PT,
  ro,
  ro_MD,
  sk,
  sl_SI,
  sr_RS_latin,
  sv,
  tr,
  uz_UZ_latin,
  vi,
  yo_NG,
  zu_ZA,
  type LocaleDefinition,
} from '@faker-js/faker';
import type { Rng } from './random.js';

const LOCALES: Readonly<Record<string, LocaleDefinition[]>> = {
  af_ZA: [af_ZA], az: [az], cs_CZ: [cs_CZ], da: [da], de: [de], de_AT: [de_AT, de], de_CH: [de_CH, de],
  en: [en], en_AU_ocker: [en_AU_ocker], en_GB: [en_GB], en_GH: [en_GH], en_IE: [en_IE], en_IN: [en_IN], en_NG: [en_NG],
  en_NP: [en_NP], en_ZA: [en_ZA], es: [es], es_MX: [es_MX, es], fi: [fi], fr: [fr], fr_CH: [fr_CH, fr], fr_SN: [fr_SN, fr],
  hr: [hr], hu: [hu], id_ID: [id_ID], it: [it], lv: [lv], nb_NO: [nb_NO], nl: [nl], nl_BE: [nl_BE, nl], pl: [pl],
  pt_BR: [pt_BR], pt_PT: [pt_PT], ro: [ro], ro_MD: [ro_MD, ro], sk: [sk], sl_SI: [sl_SI], sr_RS_latin: [sr_RS_latin],
  sv: [sv], tr: [tr], uz_UZ_latin: [uz_UZ_latin], vi: [vi], yo_NG: [yo_NG], zu_ZA: [zu_ZA],
};

interface NameList {
  female: string[];
  male: string[];
  surnames: string[];
  /** Family name first (Chinese, Korean, Japanese as written on UN rosters, Mongolian patronymic aside). */
  familyFirst?: boolean;
}

const list = (female: string, male: string, surnames: string, familyFirst = false): NameList => ({
  female: female.split(' ').map((n) => n.replace(/_/g, ' ')),
  male: male.split(' ').map((n) => n.replace(/_/g, ' ')),
  surnames: surnames.split(' ').map((n) => n.replace(/_/g, ' ')),
  familyFirst,
});

const LISTS: Readonly<Record<string, NameList>> = {
  arab: list(
    'Amal Fatima Layla Rania Nour Huda Salma Yasmin Mariam Hanan Samira Dalia Leila Rasha Aisha',
    'Ahmed Mohamed Omar Khaled Youssef Hassan Tarek Karim Samir Walid Faisal Ali Nabil Ibrahim Mahmoud',
    'Al-Hashimi Haddad Mansour Khalil Nasser Saleh Abdallah Hamdan Al-Khatib Bakri Farouk Aziz Darwish Haidar Ben_Youssef El_Amrani Benali Trabelsi Mahjoub Osman',
  ),
  russian: list(
    'Anna Elena Olga Natalia Irina Tatiana Svetlana Maria Ekaterina Yulia',
    'Alexei Dmitri Sergei Andrei Mikhail Ivan Nikolai Pavel Viktor Igor',
    'Ivanov/Ivanova Petrov/Petrova Smirnov/Smirnova Volkov/Volkova Kuznetsov/Kuznetsova Sokolov/Sokolova Orlov/Orlova Morozov/Morozova Lebedev/Lebedeva Novikov/Novikova',
  ),
  ukrainian: list(
    'Oksana Olena Iryna Nataliia Yuliia Kateryna Halyna Tetiana',
    'Oleksandr Andrii Mykola Taras Serhii Volodymyr Dmytro Yurii',
    'Shevchenko Kovalenko Bondarenko Tkachenko Melnyk Kravchenko Boyko Lysenko Koval Hrytsenko',
  ),
  centralasia: list(
    'Aigerim Gulnara Dinara Zarina Madina Aizhan Nilufar Saltanat',
    'Nurlan Askar Bakyt Rustam Daniyar Timur Azamat Farrukh',
    'Nurlanov/Nurlanova Abdullaev/Abdullaeva Sadykov/Sadykova Tokayev/Tokayeva Rakhimov/Rakhimova Karimov/Karimova Dzhumabaev/Dzhumabaeva Rahmonov/Rahmonova Atajanov/Atajanova Ismailov/Ismailova',
  ),
  chinese: list(
    'Li Mei Xiaoling Jing Hui Yan Fang Ying Lan',
    'Wei Jun Lei Tao Ming Qiang Hao Jian Bo',
    'Wang Li Zhang Liu Chen Yang Zhao Huang Zhou Wu Xu Sun',
    true,
  ),
  japanese: list('Yuki Akiko Haruka Naoko Keiko Emi', 'Hiroshi Takeshi Kenji Daisuke Kazuo Yusuke', 'Sato Suzuki Takahashi Tanaka Watanabe Ito Nakamura Kobayashi'),
  korean: list('Ji-young Soo-jin Min-ji Hye-jin Eun-ji', 'Min-ho Ji-hoon Sung-min Dong-hyun Jae-won', 'Kim Lee Park Choi Jung Kang Yoon', true),
  mongolian: list('Oyunchimeg Sarangerel Enkhjargal Altantsetseg', 'Batbayar Ganbold Enkhbayar Tsogt', 'Batbold Dorj Bold Erdene Sukhbaatar'),
  southasia: list(
    'Ayesha Fatima Nadia Sadia Farzana Shirin Zainab Sana Roya',
    'Imran Farhan Ahmad Tariq Kamran Nasir Hamid Rashid Shafiq',
    'Khan Ahmed Hussain Rahman Chowdhury Karimi Ahmadzai Qureshi Malik Siddiqui Hossain Stanekzai',
  ),
  persian: list('Maryam Shirin Parisa Nasrin Leila Azadeh', 'Reza Ali Hossein Mehdi Dariush Amir', 'Hosseini Rahimi Tehrani Ahmadi Moradi Karimi Sadeghi Jafari'),
  srilanka: list('Nimali Dilani Chamari Tharshini Anusha', 'Ruwan Pradeep Suresh Kumaran Nimal', 'Perera Fernando Jayasuriya Wickramasinghe Sivakumar Silva'),
  albanian: list('Elira Arta Drita Mimoza Ardita', 'Arben Besnik Gentian Ilir Fatos', 'Hoxha Krasniqi Shehu Gashi Berisha Dervishi'),
  bulgarian: list('Maria Elena Desislava Ivanka Radostina', 'Georgi Dimitar Ivan Nikolai Petar', 'Ivanov/Ivanova Georgiev/Georgieva Dimitrov/Dimitrova Petrov/Petrova Stoyanov/Stoyanova'),
  greek: list('Eleni Maria Katerina Sofia Dimitra Ioanna', 'Georgios Dimitrios Konstantinos Nikolaos Ioannis Andreas', 'Papadopoulos/Papadopoulou Nikolaidis/Nikolaidou Georgiou Konstantinou Christodoulou Ioannou'),
  armenian: list('Anahit Lilit Gayane Arevik Nune', 'Aram Levon Hovhannes Tigran Armen', 'Petrosyan Sargsyan Hovhannisyan Grigoryan Harutyunyan Khachatryan'),
  georgian: list('Nino Tamar Ketevan Mariam Eka', 'Giorgi Davit Levan Irakli Zurab', 'Beridze Kapanadze Gelashvili Chikovani Tsiklauri Lomidze Japaridze'),
  hebrew: list('Noa Tamar Yael Michal Ruth Shira', 'Daniel Avi Yosef David Eitan Amir', 'Cohen Levi Mizrahi Peretz Biton Friedman Katz'),
  lusoafrica: list(
    'Ana Maria Isabel Graça Luísa Celeste Esperança',
    'João António Manuel Domingos Carlos Armando Fernando',
    'dos_Santos da_Silva Mondlane Cabral Pereira Lopes Neto Chissano Gomes Tavares',
  ),
  centralafrica: list(
    'Marie-Claire Chantal Solange Josiane Clarisse Bernadette Annie Nadège',
    'Jean-Pierre Patrice Emmanuel Serge Didier Fabrice Joseph Thierry',
    'Mbala Nzeyimana Mukendi Kabongo Ngoy Mbarga Ndongo Mabika Bokassa Nguema Tshibanda Ilunga Malonga Essomba',
  ),
  southsudan: list('Rebecca Mary Achol Nyandeng Elizabeth', 'James Peter Deng Garang John', 'Deng Garang Machar Lual Akol Wani Lado'),
  eastafrica: list(
    'Grace Faith Wanjiku Achieng Amina Esther Joyce Neema Agnes Mercy Nakato',
    'David Joseph Kamau Otieno Samuel Peter Baraka Moses Juma Kiprono',
    'Otieno Mwangi Kiprotich Wanjiru Ochieng Mutua Njoroge Odhiambo Kato Mushi Mwakyusa Okello Mugisha Ssempala',
  ),
  greatlakes: list(
    'Aline Clarisse Claudine Jeanne Divine Immaculée',
    'Jean_de_Dieu Emmanuel Eric Pacifique Innocent Olivier',
    'Habimana Uwimana Niyonzima Nkurunziza Mugabo Ndayishimiye Hakizimana Uwase',
  ),
  zambezi: list(
    'Chipo Tendai Ruth Grace Thandiwe Memory Chisomo',
    'Tendai Blessing Chanda Mulenga Farai Kondwani Tawanda',
    'Banda Phiri Chanda Mwale Moyo Ncube Mulenga Sibanda Tembo Mutasa',
  ),
  sahel: list(
    'Achta Khadidja Zara Hawa Fatimé Aché Mariam',
    'Mahamat Idriss Abakar Hissein Adoum Moussa Brahim',
    'Mahamat Abdoulaye Oumar Saleh Adoum Hassane Djibrine Ahmat',
  ),
  anglo: list(
    'Sarah Emma Catherine Rachel Laura Helen Jennifer Claire Rebecca Elizabeth Hannah Margaret Susan Alice Charlotte Lucy',
    'James John Michael David Richard Thomas Andrew Mark Paul Christopher Daniel Robert Peter William Simon Matthew',
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Clarke Walker Wright Robinson Thompson Hughes Evans Murphy O'Brien Kelly Campbell Stewart Bennett Harris Lewis Mitchell Carter Phillips Turner Collins Edwards",
  ),
  icelandic: list('Guðrún Sigríður Kristín Anna Helga', 'Jón Sigurður Gunnar Ólafur Einar', 'Jónsson/Jónsdóttir Sigurðsson/Sigurðardóttir Gunnarsson/Gunnarsdóttir Ólafsson/Ólafsdóttir Einarsson/Einarsdóttir'),
  estonian: list('Kadri Liis Maarja Kersti Triin', 'Andres Toomas Margus Jaan Rein', 'Tamm Saar Sepp Mägi Kask Kukk Rebane Ilves'),
  lithuanian: list(
    'Rūta Eglė Jurgita Lina Agnė',
    'Tomas Mantas Darius Andrius Vytautas',
    'Kazlauskas/Kazlauskienė Petrauskas/Petrauskienė Jankauskas/Jankauskienė Stankevičius/Stankevičienė Vasiliauskas/Vasiliauskienė',
  ),
  horn: list(
    'Hiwot Meron Selam Tigist Helen Bethlehem Saba Mahlet',
    'Abebe Tesfaye Dawit Yohannes Berhane Mesfin Kidane Tewodros',
    'Bekele Tadesse Haile Gebremedhin Alemu Wolde Girma Tesfamariam Kahsay Desta',
  ),
  somali: list('Hodan Faadumo Amina Sahra Ifrah Deqa', 'Abdirahman Mohamed Ahmed Abdullahi Hassan Omar', 'Farah Warsame Hirsi Abdi Jama Osman Ali Dualeh'),
  filipino: list('Maria_Cristina Ana Rosario Grace Liza Carmela', 'Jose Ramon Miguel Eduardo Antonio Rafael', 'Santos Reyes Cruz Bautista Ocampo Garcia Mendoza Villanueva Dizon'),
  seasia: list('Siriporn Ploy Thida Sokha Aye_Aye Malee', 'Somchai Kyaw Sokha Thant Anan Vannak', 'Srisuk Chaiyaporn Win Aung Chan Sok Phommachanh Thongchai'),
  malay: list('Nur_Aisyah Siti Farah Aminah Noraini', 'Ahmad Muhammad Hafiz Azman Rizal', 'bin_Abdullah Ismail Rahman Hassan Yusof Osman'),
  pacific: list('Losana Mere Salote Litia Ana', 'Sione Jone Iosefa Tavita Peni', 'Tuilagi Naivalu Fifita Vaka Ratu Waqa Kaitu'),
};

export interface PersonName {
  given: string;
  family: string;
  full: string;
}

/** Draws names; one faker instance per locale, each seeded once from the generator's PRNG. */
export class NameSource {
  private readonly fakers = new Map<string, Faker>();
  private readonly turn = new Map<string, number>();

  constructor(private readonly rng: Rng) {}

  name(country: string, traditions: readonly string[], sex: 'female' | 'male'): PersonName {
    // Countries with several traditions draw them in turn, so that the mix is stable.
    const n = this.turn.get(country) ?? 0;
    this.turn.set(country, n + 1);
    const tradition = traditions[n % traditions.length]!;
    const [kind, key] = tradition.split(':') as ['f' | 'c', string];
    if (kind === 'c') return this.fromList(LISTS[key] ?? LISTS.arab!, sex);
    const faker = this.faker(key);
    const given = faker.person.firstName(sex);
    const family = faker.person.lastName(sex);
    return { given, family, full: `${given} ${family}` };
  }

  private fromList(names: NameList, sex: 'female' | 'male'): PersonName {
    const given = this.rng.pick(sex === 'female' ? names.female : names.male);
    const [masculine, feminine] = this.rng.pick(names.surnames).split('/') as [string, string | undefined];
    const family = sex === 'female' && feminine ? feminine : masculine;
    return { given, family, full: names.familyFirst ? `${family} ${given}` : `${given} ${family}` };
  }

  private faker(locale: string): Faker {
    let faker = this.fakers.get(locale);
    if (!faker) {
      faker = new Faker({ locale: [...(LOCALES[locale] ?? [en]), en_GB, en, base] });
      faker.seed(this.rng.seed());
      this.fakers.set(locale, faker);
    }
    return faker;
  }
}

/** An ASCII e-mail local part from a name: "Gaëlle N'Diaye" → "gaelle.ndiaye". */
export function emailLocalPart(given: string, family: string): string {
  const slug = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[ßæœøđłıþ]/g, (c) => ({ ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', ı: 'i', þ: 'th' })[c] ?? '')
      .replace(/\s+/g, '-')
      .replace(/[^a-z0-9-]/g, '')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '');
  return `${slug(given) || 'expert'}.${slug(family) || 'roster'}`;
}
