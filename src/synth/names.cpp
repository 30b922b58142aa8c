#include "synth/names.h"

#include <array>
#include <string_view>
#include <vector>

namespace paraplan::synth {
namespace {

using namespace std::string_view_literals;

constexpr auto kEnglishFirst = std::to_array({
    "Olivia"sv, "Liam"sv,   "Emma"sv,    "Noah"sv,    "Ava"sv,     "Oliver"sv,  "Sophia"sv,
    "Elijah"sv, "Isabella"sv, "James"sv, "Mia"sv,     "William"sv, "Amelia"sv,  "Benjamin"sv,
    "Harper"sv, "Lucas"sv,  "Evelyn"sv,  "Henry"sv,   "Abigail"sv, "Theodore"sv, "Emily"sv,
    "Jack"sv,   "Ella"sv,   "Levi"sv,    "Avery"sv,   "Owen"sv,    "Scarlett"sv, "Wyatt"sv,
    "Grace"sv,  "Caleb"sv,  "Chloe"sv,   "Isaiah"sv,  "Nora"sv,    "Jayden"sv,  "Lily"sv,
    "Dylan"sv,  "Hannah"sv, "Carter"sv,  "Zoe"sv,     "Jaxon"sv,   "Aaliyah"sv, "Malik"sv,
    "Imani"sv,  "Darius"sv, "Keisha"sv,  "Andre"sv,   "Maya"sv,    "Ethan"sv,   "Riley"sv,
    "Logan"sv,
});
constexpr auto kEnglishLast = std::to_array({
    "Smith"sv,   "Johnson"sv, "Williams"sv, "Brown"sv,   "Jones"sv,    "Miller"sv,  "Davis"sv,
    "Wilson"sv,  "Anderson"sv, "Taylor"sv,  "Thomas"sv,  "Moore"sv,    "Jackson"sv, "Martin"sv,
    "Thompson"sv, "White"sv,  "Harris"sv,   "Clark"sv,   "Lewis"sv,    "Robinson"sv, "Walker"sv,
    "Young"sv,   "Allen"sv,   "King"sv,     "Wright"sv,  "Scott"sv,    "Hill"sv,    "Green"sv,
    "Adams"sv,   "Baker"sv,   "Nelson"sv,   "Carlson"sv, "Olson"sv,    "Peterson"sv, "Larson"sv,
    "Johansson"sv, "Schmidt"sv, "Murphy"sv, "Sullivan"sv, "Washington"sv, "Bennett"sv,
    "Brooks"sv,  "Reed"sv,    "Cook"sv,     "Bell"sv,    "Ward"sv,
});
constexpr auto kSpanishFirst = std::to_array({
    "Sofía"sv,  "Mateo"sv,  "Valentina"sv, "Santiago"sv, "Camila"sv, "Sebastián"sv, "Lucía"sv,
    "Diego"sv,  "Ximena"sv, "Emiliano"sv,  "Daniela"sv,  "Leonardo"sv, "María"sv,   "José"sv,
    "Guadalupe"sv, "Alejandro"sv, "Renata"sv, "Miguel"sv, "Natalia"sv, "Carlos"sv, "Isabel"sv,
    "Luis"sv,   "Gabriela"sv, "Jesús"sv,
});
constexpr auto kSpanishLast = std::to_array({
    "García"sv, "Martínez"sv, "Rodríguez"sv, "López"sv, "Hernández"sv, "González"sv, "Pérez"sv,
    "Sánchez"sv, "Ramírez"sv, "Torres"sv,   "Flores"sv, "Rivera"sv,    "Gómez"sv,    "Díaz"sv,
    "Reyes"sv,  "Morales"sv,  "Cruz"sv,      "Ortiz"sv, "Gutiérrez"sv, "Chávez"sv,
});
constexpr auto kSomaliFirst = std::to_array({
    "Hodan"sv, "Abdi"sv,   "Fadumo"sv, "Mohamed"sv, "Ayaan"sv, "Hassan"sv, "Hibo"sv,
    "Abdirahman"sv, "Sahra"sv, "Yusuf"sv, "Nasra"sv, "Ibrahim"sv, "Ifrah"sv, "Omar"sv,
    "Deeqa"sv, "Bashir"sv,
});
constexpr auto kSomaliLast = std::to_array({
    "Ali"sv, "Farah"sv, "Hussein"sv, "Warsame"sv, "Abdullahi"sv, "Jama"sv, "Osman"sv,
    "Hassan"sv, "Mohamud"sv, "Aden"sv, "Nur"sv, "Egal"sv,
});
constexpr auto kHmongFirst = std::to_array({
    "Pa"sv, "Tou"sv, "Mai"sv, "Kou"sv, "Nou"sv, "Chue"sv, "Pahoua"sv, "Txheng"sv, "Yer"sv,
    "Fong"sv, "Bao"sv, "Neng"sv, "Zoua"sv, "Xeng"sv,
});
constexpr auto kHmongLast = std::to_array({
    "Vang"sv, "Xiong"sv, "Yang"sv, "Lee"sv, "Thao"sv, "Her"sv, "Moua"sv, "Lor"sv, "Vue"sv,
    "Khang"sv, "Hang"sv, "Chang"sv,
});
constexpr auto kVietnameseFirst = std::to_array({
    "Anh"sv, "Minh"sv, "Linh"sv, "Huy"sv, "Thảo"sv, "Khoa"sv, "Ngọc"sv, "Bảo"sv, "Trang"sv,
    "Duy"sv, "Vy"sv, "Phúc"sv,
});
constexpr auto kVietnameseLast = std::to_array({
    "Nguyễn"sv, "Trần"sv, "Lê"sv, "Phạm"sv, "Hoàng"sv, "Huỳnh"sv, "Võ"sv, "Đặng"sv, "Bùi"sv,
    "Đỗ"sv,
});
constexpr auto kArabicFirst = std::to_array({
    "Layla"sv, "Ahmed"sv, "Mariam"sv, "Youssef"sv, "Noor"sv, "Khalid"sv, "Fatima"sv, "Omar"sv,
    "Huda"sv, "Karim"sv, "Rania"sv, "Sami"sv,
});
constexpr auto kArabicLast = std::to_array({
    "Haddad"sv, "Khalil"sv, "Mansour"sv, "Saleh"sv, "Nasser"sv, "Aziz"sv, "Hamdan"sv, "Rahman"sv,
    "Darwish"sv, "Qasim"sv,
});
constexpr auto kChineseFirst = std::to_array({
    "Wei"sv, "Mei"sv, "Jun"sv, "Xin"sv, "Hao"sv, "Ling"sv, "Yu"sv, "Jia"sv, "Chen"sv, "Lan"sv,
});
constexpr auto kChineseLast = std::to_array({
    "Wang"sv, "Li"sv, "Zhang"sv, "Liu"sv, "Chen"sv, "Yang"sv, "Huang"sv, "Zhao"sv, "Wu"sv, "Zhou"sv,
});
constexpr auto kOromoFirst = std::to_array({
    "Chaltu"sv, "Gemechu"sv, "Hawi"sv, "Tolera"sv, "Lensa"sv, "Abdi"sv, "Bontu"sv, "Kedir"sv,
});
constexpr auto kOromoLast = std::to_array({
    "Tadesse"sv, "Gudina"sv, "Bekele"sv, "Dinsa"sv, "Tufa"sv, "Ahmed"sv, "Jilo"sv, "Wako"sv,
});

const std::vector<LanguageNames>& Table() {
  static const std::vector<LanguageNames> table = {
      {"en", 0.76, kEnglishFirst, kEnglishLast},
      {"es", 0.13, kSpanishFirst, kSpanishLast},
      {"so", 0.03, kSomaliFirst, kSomaliLast},
      {"hmn", 0.03, kHmongFirst, kHmongLast},
      {"vi", 0.015, kVietnameseFirst, kVietnameseLast},
      {"ar", 0.015, kArabicFirst, kArabicLast},
      {"zh", 0.01, kChineseFirst, kChineseLast},
      {"om", 0.01, kOromoFirst, kOromoLast},
  };
  return table;
}

}  // namespace

std::span<const LanguageNames> Languages() { return Table(); }

const LanguageNames& PickLanguage(Random& random) {
  static const std::vector<double> shares = [] {
    std::vector<double> result;
    for (const LanguageNames& language : Table()) result.push_back(language.share);
    return result;
  }();
  return Table()[random.Weighted(shares)];
}

const LanguageNames& English() { return Table().front(); }

}  // namespace paraplan::synth
