//! A small help center in English, Hindi and Turkish, written for the search tests.

use search_index::SearchDoc;

fn doc(
    id: &str,
    title: &str,
    aliases: &[&str],
    headings: &[&str],
    body: &str,
    tags: &[&str],
    popularity: f32,
) -> SearchDoc {
    SearchDoc {
        id: id.to_string(),
        url: format!("/{id}/"),
        title: title.to_string(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        headings: headings.iter().map(|s| s.to_string()).collect(),
        body: body.to_string(),
        borrowed: String::new(),
        tags: tags.iter().map(|s| s.to_string()).collect(),
        category: "Help".to_string(),
        popularity,
    }
}

/// Synonym groups as `helpmark.yaml` would give them.
pub(crate) fn synonyms() -> Vec<Vec<String>> {
    vec![
        vec!["refund".into(), "money back".into(), "रिफंड".into(), "iade".into()],
        vec!["parcel".into(), "package".into()],
    ]
}

pub(crate) fn english() -> Vec<SearchDoc> {
    vec![
        doc("refund", "How do I get a refund?", &["return my payment"], &["Refund timeline"],
            "Refunds are sent to the original payment method within 5 to 7 business days after we receive the returned item. \
             You will get an email when the refund is issued.", &["billing"], 10.0),
        doc("cancel-order", "How do I cancel my order?", &["stop my order"], &["Before shipping", "After shipping"],
            "You can cancel an order from the Orders page until it ships. After shipping, refuse the package or start a return.",
            &["orders"], 4.0),
        doc("track-parcel", "Where is my parcel?", &["track my delivery", "order status"], &["Tracking number"],
            "Use the tracking number from your shipping email. Delivery usually takes 3 to 5 days.", &["delivery"], 6.0),
        doc("reset-password", "How do I reset my password?", &["forgot password", "cannot log in"], &[],
            "Click Forgot password on the sign-in page and follow the link we email you. The link expires after one hour.",
            &["account"], 3.0),
        doc("error-e1042", "What does error E-1042 mean?", &[], &["Fixing E-1042"],
            "Error E-1042 appears when the card issuer declines the payment. Try another card or contact your bank. \
             Quote your reference MM-482913 when you call.", &["billing", "errors"], 1.0),
        doc("app-version", "Which app version do I need?", &["update the app"], &[],
            "Version v2.3 or later is required. Older versions such as v2.2 cannot show refunds.", &["app"], 0.0),
        doc("damaged-item", "My item arrived damaged", &["broken item"], &["Photos"],
            "Send us photos of the damaged item and the package within 48 hours. We will replace it or refund you.",
            &["orders", "returns"], 2.0),
        doc("change-address", "Can I change the delivery address?", &[], &[],
            "You can change the address until the order ships. Contact support with your order number.", &["delivery"], 0.0),
        doc("payment-methods", "Which payment methods do you accept?", &["pay with card"], &[],
            "We accept cards, UPI and net banking. Cash on delivery is available in some cities.", &["billing"], 0.0),
    ]
}

pub(crate) fn hindi() -> Vec<SearchDoc> {
    vec![
        doc(
            "refund",
            "मेरे पैसे वापस कैसे मिलेंगे?",
            &["रिफंड कब मिलेगा"],
            &["रिफंड का समय"],
            "रिफंड 5 से 7 कार्य दिवस में आपके मूल भुगतान तरीके में वापस भेजा जाता है। रिफंड होने पर आपको ईमेल मिलेगा।",
            &["भुगतान"],
            8.0,
        ),
        doc(
            "track-parcel",
            "मेरा ऑर्डर कब आएगा?",
            &["ऑर्डर की स्थिति"],
            &["ट्रैकिंग नंबर"],
            "शिपिंग ईमेल में दिए गए ट्रैकिंग नंबर से अपना ऑर्डर देखें। डिलीवरी में आमतौर पर 3 से 5 दिन लगते हैं।",
            &["डिलीवरी"],
            5.0,
        ),
        doc(
            "otp",
            "ओटीपी नहीं आया तो क्या करें?",
            &["OTP नहीं मिला"],
            &[],
            "कुछ मिनट रुकें और फिर से ओटीपी भेजें। अपना मोबाइल नंबर जाँचें। नेटवर्क कमज़ोर हो तो संदेश देर से आ सकता है।",
            &["खाता"],
            2.0,
        ),
        doc(
            "cancel-order",
            "ऑर्डर कैसे रद्द करें?",
            &["ऑर्डर कैंसल करना"],
            &[],
            "ऑर्डर शिप होने से पहले ऑर्डर पेज से रद्द करें। शिप होने के बाद पैकेज लेने से मना करें।",
            &["ऑर्डर"],
            3.0,
        ),
        doc(
            "customer-care",
            "ग्राहक सेवा से कैसे बात करें?",
            &["हेल्पलाइन नंबर"],
            &[],
            "ग्राहक सेवा सुबह 9 से रात 9 बजे तक उपलब्ध है। ज़रूरत हो तो ईमेल भी कर सकते हैं।",
            &["संपर्क"],
            1.0,
        ),
        doc(
            "error-e1042",
            "त्रुटि E-1042 का क्या मतलब है?",
            &[],
            &[],
            "E-1042 तब दिखता है जब बैंक भुगतान अस्वीकार कर देता है। दूसरा कार्ड आज़माएँ।",
            &["भुगतान"],
            0.0,
        ),
    ]
}

pub(crate) fn turkish() -> Vec<SearchDoc> {
    vec![
        doc("refund", "İADE nasıl yapılır?", &["paramı geri istiyorum"], &["İade süresi"],
            "İade talebinizi siparişlerim sayfasından oluşturun. Ödemeniz 5-7 iş günü içinde kartınıza iade edilir.",
            &["ödeme"], 9.0),
        doc("cancel-order", "Siparişimi nasıl iptal ederim?", &["sipariş iptali"], &[],
            "Sipariş kargoya verilmeden önce siparişlerim sayfasından iptal edebilirsiniz.", &["sipariş"], 4.0),
        doc("track-parcel", "Kargom nerede?", &["kargo takibi"], &["Takip numarası"],
            "Kargo takip numarası e-posta ile gönderilir. Teslimat genellikle 3 ile 5 gün sürer.", &["teslimat"], 6.0),
        doc("reset-password", "Şifremi unuttum, ne yapmalıyım?", &["şifre sıfırlama"], &[],
            "Giriş sayfasında Şifremi unuttum bağlantısına tıklayın. IŞIK ve İSTANBUL gibi büyük harfler sorun değildir.",
            &["hesap"], 2.0),
        doc("error-e1042", "E-1042 hatası ne demek?", &[], &[],
            "E-1042 hatası bankanız ödemeyi reddettiğinde görünür. Başka bir kart deneyin.", &["ödeme"], 0.0),
        doc("istanbul-store", "İstanbul'daki mağazalar", &["mağaza adresleri"], &[],
            "İstanbul'da üç mağazamız var. Çalışma saatleri 10:00 ile 22:00 arasıdır.", &["mağaza"], 0.0),
    ]
}

/// Entries whose titles share their words, as a generated help center's do (issue 14).
pub(crate) fn titles_sharing_words() -> Vec<SearchDoc> {
    vec![
        doc("reset-again", "Is it possible to reset a password after it was reset?", &[], &[],
            "Yes. A password can be reset again at any time from the sign-in page; the earlier reset link stops working.", &[], 0.0),
        doc("reset-password", "How do I reset my password?", &[], &[],
            "Open the sign-in page, choose Forgot password and follow the link we email you.", &[], 0.0),
        doc("account-reset", "Why was my account reset?", &[], &[],
            "An account is reset when it has not been used for two years.", &[], 0.0),
        doc("change-email", "How do I change my email address?", &[], &[],
            "Open Settings, then Account, and enter the new address.", &[], 0.0),
        doc("delete-account", "How do I delete my account?", &[], &[],
            "Write to support from the address of the account.", &[], 0.0),
    ]
}
