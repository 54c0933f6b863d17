#!/usr/bin/env python3
"""Generates the sample shop's logged complaints (deterministic, fixed seed).

    python3 benches/queries/make_complaints.py     # writes complaints/tickets.csv + search-log.jsonl

tickets.csv     help-desk export, ~300 rows, 2026-08-01 .. 2026-11-20, en/hi(+Hinglish)/tr.
                Topic frequencies follow a Zipf-like curve (rank r gets ~60/r tickets); ~15 % of
                rows are about things the help center has no entry for, in a few clusters.
search-log.jsonl  site-search queries, pre-aggregated: {"query", "at", "lang", "count"}.

The phrasings below are hand-written in customers' own words; the script only picks, fills
in fake order numbers / personal data (all fake: example.com mails, test card numbers) and
assigns dates, channels and response times.
"""
import csv
import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

SEED = 20261120
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "complaints"

# ---------------------------------------------------------------------------------------------
# Phrasing pools: topic -> lang -> [(subject, body)]. Slots: {order} {days} {amount} {product}
# {date} {ref}. Hindi pools mix Devanagari and Hinglish, as tickets really arrive.
# ---------------------------------------------------------------------------------------------
POOLS = {
"track-order": {
 "en": [
  ("where is my order??", "I ordered a {product} on {date} and I have no idea where it is. Order {order}. Please tell me when it will come."),
  ("Order status", "Hi, can you tell me the status of order {order}? The app just says confirmed since {days} days."),
  ("WHERE IS MY PARCEL", "ITS BEEN {days} DAYS. ORDER {order}. NOBODY IS TELLING ME ANYTHING. WHERE IS IT"),
  ("no tracking number", "I got the shipped email but there is no tracking link, how do i know where my package is? {order}"),
  ("tracking", "tracking page is blank for {order}, it says shipped yesterday"),
  ("When will my order reach", "Hello team,\nMy order {order} ({product}) was placed on {date}. Could you please share the current status and expected delivery date?\nRegards"),
  ("order", "hi where is my order {order}"),
  ("Parcel not moving", "My parcel shows \"Shipped\" for {days} days now, no update at all. Is it even coming??"),
  ("Need update on my order", "I need the {product} before my mom's birthday on saturday, can u check where order {order} is right now"),
  ("what does packed mean", "my order {order} says packed since morning, is it shipped or not? when will it come"),
  ("order not received yet", "Order no {order}, placed {days} days back, still not received. Please check and revert asap."),
  ("out for delivery since morning", "It says out for delivery since 8am and its 7pm now, is the courier coming today or not? {order}"),
  ("Where is my stuff", "Ordered a {product} and a {product2}, one came, where is the other one?? order {order}"),
  ("3rd time asking", "This is the third time I'm asking about order {order}. Last time chat said 48 hours. It's been {days} days. Where is my order?"),
 ],
 "hi": [
  ("order kaha hai", "mera order {order} kab aayega? {days} din ho gaye koi update nahi hai"),
  ("mera order kab aayega", "bhai mera {product} ka order {order} abhi tak nahi aaya, kaha atka hai pls batao"),
  ("ऑर्डर का स्टेटस", "मेरा ऑर्डर {order} {date} को किया था, अभी तक नहीं आया। कृपया बताएँ कहाँ है।"),
  ("ORDER NAHI AAYA", "ORDER {order} {days} DIN SE SHIPPED DIKHA RAHA HAI. KAB AAYEGA??"),
  ("tracking update nahi ho raha", "tracking me kuch nahi dikh raha, order {order}. shipped ka sms aaya tha bas"),
  ("पार्सल कहाँ है", "पार्सल {days} दिन से एक ही जगह अटका है, कोई बताए तो सही कि कब मिलेगा। ऑर्डर नंबर {order}"),
  ("order status pls", "Sir/Madam mera order {order} ka status kya hai? out for delivery aaya tha phir kuch nahi"),
  ("kab tak milega", "{product} order kiya tha {date} ko, kab tak milega? ghar pe function hai"),
 ],
 "tr": [
  ("Kargom nerede?", "{order} numaralı siparişim {days} gündür kargoda görünüyor ama hiç hareket yok. Ne zaman gelir?"),
  ("siparis durumu", "merhaba siparisim {order} hala hazirlaniyor yaziyor, ne zaman kargoya verilecek"),
  ("SİPARİŞİM HALA GELMEDİ", "{date} tarihinde sipariş verdim, {order}. HALA GELMEDİ. Kimse bilgi vermiyor!"),
  ("takip numarası", "Kargoya verildi diye SMS geldi ama takip sayfası boş. Sipariş no: {order}"),
  ("Paketim ne durumda", "İyi günler, {product} siparişim ({order}) ne aşamada acaba? Dağıtıma çıktı mı?"),
  ("kargo nerde", "kargom nerde kaldi ya {days} gun oldu {order}"),
 ],
},
"refund-time": {
 "en": [
  ("Refund not received", "I returned the {product} on {date}, pickup was done, but I still haven't got my money back. Order {order}."),
  ("REFUND??", "WHERE IS MY REFUND. {days} DAYS. ORDER {order}."),
  ("refund status", "Hi, can you check the refund for {order}? It says refund initiated but nothing in my bank."),
  ("money not credited", "Cancelled order {order} on {date}, amount Rs {amount} still not credited to my card. How long does this take?"),
  ("Refund completed but not in account", "App says \"Refund completed\" with some ARN number {ref} but my bank says nothing came. Please help."),
  ("where is my money", "I sent the item back {days} days ago. where is my money?? this is ridiculous"),
  ("Refund delay", "Dear team,\nI returned order {order} and was told the refund would take 5-7 days. It has now been {days} days.\nKindly look into it."),
  ("COD refund", "I paid cash for {order} and returned it. how will i get my money back, nobody asked for my bank details"),
  ("refund", "refund for {order} pls"),
  ("Still waiting for my money", "Third email about this. Return for {order} was picked up on {date}. No refund. I want my Rs {amount} back today."),
 ],
 "hi": [
  ("refund kab milega", "refund kab milega bhai? return kiye {days} din ho gaye. order {order}"),
  ("paise wapas nahi aaye", "maine {product} wapas kar diya tha {date} ko, paise abhi tak nahi aaye. kitna time lagega?"),
  ("रिफंड नहीं मिला", "मेरा रिफंड अभी तक नहीं आया है। ऑर्डर {order}, रकम ₹{amount}। कृपया जल्दी करें।"),
  ("REFUND NAHI AAYA", "REFUND COMPLETED LIKHA HAI PAR BANK ME KUCH NAHI AAYA. {order}"),
  ("paisa kab aayega", "order cancel kiya tha {order}, paisa kab aayega account me? UPI se pay kiya tha"),
  ("refund status", "sir mera refund ka status batao {order}, {days} din se wait kar raha hu"),
 ],
 "tr": [
  ("İadem hesabıma geçmedi", "{order} siparişimi iade ettim, {days} gün oldu hâlâ para kartıma yatmadı."),
  ("para iadesi", "merhaba iade ettigim urunun parasi ne zaman yatar? {order}"),
  ("İADE PARAMI İSTİYORUM", "İADE TAMAMLANDI YAZIYOR AMA BANKADA GÖRÜNMÜYOR. {amount} TL. {order}"),
  ("taksitli iade", "Taksitle aldığım {product} iadesi karta nasıl yansıyacak? Sipariş {order}."),
  ("iade ne oldu", "{date} tarihinde kurye ürünü aldı, iade hala başlamadı mı?"),
 ],
},
"payment-failed": {
 "en": [
  ("Payment deducted but order failed", "Rs {amount} debited from my account but order is not showing. Tried at {time}. Please check."),
  ("money cut no order", "money cut from my account, no order, no email. what is going on"),
  ("CHARGED TWICE", "YOU CHARGED MY CARD TWICE FOR THE SAME ORDER {order}. REFUND THE EXTRA {amount} NOW."),
  ("payment issue", "Paid via net banking, the page crashed and now I see the debit in my bank but nothing in My Orders."),
  ("Amount debited", "Hi,\nAmount of Rs {amount} got debited on {date} but order failed. UTR {ref}.\nPlease refund or confirm the order."),
  ("order failed after payment", "i paid with card {card} and it said payment failed but my bank sent sms that it went through"),
  ("should i pay again", "Payment for {product} didn't go through but money left my account. Should I pay again or will I lose it twice?"),
  ("payment failed but debited", "payment failed msg came but rs {amount} deducted. its been {days} days not back yet"),
 ],
 "hi": [
  ("paise kat gaye", "paise kat gaye par order nahi hua. ₹{amount}. ab kya karu?"),
  ("पैसे कट गए", "पेमेंट करते समय ऐप बंद हो गया, बैंक से ₹{amount} कट गए लेकिन ऑर्डर नहीं दिख रहा।"),
  ("payment fail", "gpay se payment kiya, paise gaye lekin app bol raha hai payment failed. UTR {ref}"),
  ("DOUBLE PAISA KATA", "EK ORDER KE LIYE DO BAAR PAISA KATA HAI. {order}. TURANT WAPAS KARO"),
  ("payment ho gaya order nahi", "payment ho gaya tha {date} ko, bank statement me dikh raha hai, order confirm nai hua. {days} din ho gaye"),
 ],
 "tr": [
  ("Para çekildi sipariş yok", "Kartımdan {amount} TL çekildi ama siparişlerimde hiçbir şey yok. Ne olacak?"),
  ("odeme hatasi", "odeme basarisiz dedi ama bankadan harcama sms i geldi. kart {card}"),
  ("İKİ KEZ ÇEKİM", "AYNI SİPARİŞ İÇİN İKİ KEZ ÇEKİM YAPILDI, {order}. PARAMI GERİ İSTİYORUM."),
  ("limitim bloke", "Sipariş oluşmadı ama {amount} TL limitimde bloke duruyor. Ne zaman kalkar?"),
 ],
},
"otp-not-received": {
 "en": [
  ("OTP not coming", "I am not getting the OTP to login. Tried many times. My number {phone}"),
  ("no code", "no code coming on my phone, cant login"),
  ("CANT LOGIN NO OTP", "NO OTP FOR 2 DAYS. HOW AM I SUPPOSED TO TRACK MY ORDER IF I CANT EVEN LOGIN"),
  ("E-2007 error", "Now it says E-2007 after i pressed resend few times. what does that mean"),
  ("verification code", "Verification SMS never arrives on my Jio number, other SMS come fine."),
  ("otp", "otp not recieved pls help"),
  ("OTP issue", "Hi,\nI changed phones and now the code doesn't come.\nNumber: {phone}\nThanks"),
 ],
 "hi": [
  ("OTP nahi aaya", "OTP nahi aa raha login ke liye. number {phone}"),
  ("ओटीपी नहीं आ रहा", "लॉगिन करते समय ओटीपी आता ही नहीं है, 20 मिनट से कोशिश कर रहा हूँ।"),
  ("otp nahi aata", "bhai otp nahin aata sms pe, call wala option bhi nahi dikh raha"),
  ("login nahi ho raha", "otp ka wait karte karte thak gaya, login nahi ho raha. kya karu"),
 ],
 "tr": [
  ("Doğrulama kodu gelmiyor", "Giriş yaparken telefonuma SMS kodu gelmiyor. Numara: {phone}"),
  ("kod gelmiyo", "kod gelmiyo giris yapamiyorum"),
  ("E-2007 HATASI", "KOD İSTEDİM İSTEDİM ŞİMDİ E-2007 HATASI VERİYOR. NE YAPACAĞIM?"),
 ],
},
"delayed-delivery": {
 "en": [
  ("Order delayed", "Expected by date was {date} and it's still not here. Order {order}."),
  ("package stuck", "Tracking hasn't moved in {days} days, stuck at Bhiwandi hub. Is it lost?"),
  ("LATE AGAIN", "This is the second time my order is late. {order}. I needed the {product} for Diwali, now what??"),
  ("address incomplete??", "Tracking says \"Address incomplete\" but my address is complete! Flat 12B, Green Park. Order {order}"),
  ("Delivery delayed", "My delivery was promised in 4 days, today is day {days}. Please escalate."),
 ],
},
"damaged-item": {
 "en": [
  ("Damaged product", "The {product} arrived broken. Box was crushed. Order {order}. Photos attached."),
  ("broken on arrival", "glass bowls came shattered, pieces everywhere"),
  ("Defective item", "New {product} does not turn on at all, delivered yesterday. I want a replacement."),
  ("DAMAGED", "PAN IS DENTED AND THE BOX WAS WET. I WANT A REPLACEMENT OR MY MONEY BACK"),
 ],
 "hi": [
  ("saman toota hua aaya", "{product} toota hua aaya hai, replacement chahiye. order {order}"),
  ("खराब सामान मिला", "मिक्सर डिब्बे से निकालते ही चालू नहीं हुआ, बदलकर दीजिए।"),
  ("damaged product mila", "dabba geela tha aur andar ka {product} kharab nikla"),
 ],
 "tr": [
  ("Ürün kırık geldi", "{product} kırık geldi, kutu ezikti. Sipariş {order}. Değişim istiyorum."),
  ("arizali urun", "yeni aldigim utu hic calismiyor dun teslim aldim"),
 ],
},
"marked-delivered": {
 "en": [
  ("Delivered but not received", "App says delivered on {date} but I never got anything. Order {order}."),
  ("FAKE DELIVERY", "YOUR COURIER MARKED IT DELIVERED AND NEVER CAME. I WAS HOME ALL DAY. {order}"),
  ("received by security?", "It says \"Received by: Security\" but our guard says no parcel came for me."),
  ("parcel missing", "Status delivered, no box at the door, neighbours dont have it either"),
 ],
},
"cancel-order": {
 "en": [
  ("Cancel my order", "Please cancel order {order}, ordered by mistake."),
  ("cant cancel", "The cancel button is not there anymore, I don't want the {product}. What do I do?"),
  ("cancel", "pls cancel {order} asap"),
  ("Ordered twice", "I accidentally ordered the same {product} twice. Can you cancel one of them? {order}"),
 ],
 "hi": [
  ("order cancel karna hai", "galti se order ho gaya {order}, cancel kar do please"),
  ("ऑर्डर रद्द करें", "मुझे यह ऑर्डर नहीं चाहिए, {order}, कैंसल का बटन नहीं दिख रहा।"),
 ],
 "tr": [
  ("Sipariş iptali", "{order} numaralı siparişi iptal etmek istiyorum, yanlışlıkla verdim."),
  ("iptal edemiyorum", "iptal butonu cikmiyor ama siparisi istemiyorum {order}"),
 ],
},
"return-item": {
 "en": [
  ("Return request", "I want to return the {product}, didn't like the colour. How do I do it?"),
  ("return pickup", "Raised return for {order} but no one came to pick it up, {days} days now."),
  ("how to return", "how do i send back a rug? its big"),
 ],
 "hi": [
  ("return karna hai", "{product} pasand nahi aaya, return kaise karu? order {order}"),
  ("वापसी", "सामान वापस करना है, पिकअप कब आएगा?"),
 ],
 "tr": [
  ("İade talebi", "{product} beğenmedim, iade etmek istiyorum. Kurye ne zaman gelir?"),
  ("iade nasil yapilir", "urunu geri gondermek istiyorum nasil yapcam"),
 ],
},
"change-address": {
 "en": [
  ("Change delivery address", "I gave the wrong flat number on order {order}, it should be 4C not 4B."),
  ("address change", "Can you send my order to my office instead? {order}"),
  ("wrong address", "moved last week and the order is going to my old house!! {order}"),
 ],
 "hi": [
  ("address change", "order {order} me flat number galat dal diya, theek kar do"),
  ("पता बदलना है", "ऑर्डर नए पते पर भेजना है, मैं घर बदल रहा हूँ।"),
 ],
 "tr": [
  ("Adres değişikliği", "{order} siparişimde daire numarasını yanlış yazdım, 7 olacak."),
 ],
},
"wrong-item": {
 "en": [
  ("Wrong item received", "I ordered a blue bedsheet and got a green one. Order {order}."),
  ("not what i ordered", "ordered a {product}, got a {product2}. seriously?"),
  ("Wrong product", "Someone else's item came in my parcel. Please send the right one. {order}"),
 ],
},
"cant-log-in": {
 "en": [
  ("Can't login", "Getting E-1042 every time I try to sign in."),
  ("login error", "says email not found but I've ordered from you many times. {email}"),
  ("ACCOUNT LOCKED", "MY ACCOUNT IS LOCKED AND I HAVE AN ORDER COMING. FIX IT."),
  ("sign in", "cant sign in since the update"),
 ],
},
"upi-payment": {
 "en": [
  ("UPI pending", "UPI payment shows pending for 40 minutes. Order not confirmed. {ref}"),
  ("gpay request not coming", "entered my upi id but no request on google pay"),
  ("UPI stuck", "PhonePe says processing, your site says payment pending. Which one is it?"),
 ],
},
"missing-item": {
 "en": [
  ("Item missing", "Ordered 3 things, only 2 in the box. Order {order}."),
  ("missing part", "The {product} came without its lid."),
  ("box half empty", "Box was way too light and half my stuff is missing. Seal looked opened."),
 ],
},
"card-declined": {
 "en": [
  ("Card declined", "My card keeps getting declined at checkout, it works everywhere else."),
  ("card not working", "visa card rejected 3 times, card {card}"),
  ("payment not going through", "Bank OTP page times out every time, can't pay."),
 ],
},
"cash-on-delivery": {
 "en": [
  ("COD not available", "Why can't I choose cash on delivery? I always used it before."),
  ("cash payment", "can i pay the delivery guy in cash? order is Rs {amount}"),
 ],
 "hi": [
  ("COD option nahi hai", "checkout pe cash wala option gayab hai, pehle aata tha"),
  ("कैश ऑन डिलीवरी", "क्या सामान आने पर नकद दे सकते हैं? ₹{amount} का ऑर्डर है।"),
 ],
 "tr": [
  ("kapıda ödeme yok", "Ödeme ekranında kapıda ödeme seçeneği çıkmıyor, neden?"),
 ],
},
"delivery-charges": {
 "en": [
  ("delivery charge", "Why did you add Rs 49 delivery on my order?"),
  ("shipping fee for rug", "199 extra for the rug delivery?? not mentioned anywhere"),
 ],
 "hi": [
  ("delivery charge kyu", "49 rs extra kyu lag rahe hai delivery ke?"),
 ],
 "tr": [
  ("kargo ücreti", "500 TL'lik siparişe neden kargo ücreti eklendi?"),
 ],
},
"warranty-claim": {
 "en": [
  ("Warranty claim", "My {product} stopped working after 4 months. How do I get it repaired?"),
  ("repair", "kettle dead after 5 months, warranty pls"),
 ],
 "hi": [
  ("warranty me repair", "mixi ki motor band ho gayi, 6 mahine hi hue hai. guarantee me banegi?"),
 ],
 "tr": [
  ("Garanti başvurusu", "Blenderim 6 ayda bozuldu, garantiden tamir ettirmek istiyorum."),
 ],
},
"reset-password": {
 "en": [
  ("forgot password", "I don't remember my password and the reset email never comes. {email}"),
  ("reset link expired", "link says expired every time i click it"),
 ],
 "hi": [
  ("password yaad nahi", "password bhool gaya, reset ka mail nahi aaya {email}"),
 ],
 "tr": [
  ("Şifre", "Şifre yenileme maili gelmiyor. {email}"),
 ],
},
"failed-delivery": {
 "en": [
  ("missed delivery", "Courier came when I was at work. Will he come again? {order}"),
  ("reschedule", "Can the delivery be on Saturday instead? I'm not home weekdays."),
 ],
},
"exchange-size": {
 "en": [
  ("exchange size", "The bedsheet is too small for my bed, want the king size instead. {order}"),
  ("colour exchange", "received the towels, want grey instead of white"),
 ],
},
"invoice-gst": {
 "en": [
  ("GST invoice", "Forgot to add GSTIN on order {order}, can you add it? Need input credit."),
  ("invoice", "where do i download the invoice? need it for office reimbursement"),
 ],
},
"redeem-gift-card": {
 "en": [
  ("gift card not working", "Gift card says invalid PIN. I typed it 3 times."),
  ("how to use gift card", "Got a gift card for my birthday, how do I use it on my order?"),
 ],
},
"points-expire": {
 "en": [
  ("points gone", "I had 600 points last month, now 0. Where did they go?"),
 ],
 "hi": [
  ("points gayab", "mere 500 points achanak kaha chale gaye?"),
 ],
 "tr": [
  ("puanlarım silindi", "Biriktirdiğim puanlar sıfırlanmış, neden?"),
 ],
},
"delivery-time": {
 "en": [("delivery time", "How many days to deliver to Indore?")],
 "hi": [("कितने दिन", "पुणे में सामान आने में कितने दिन लगेंगे?")],
 "tr": [("teslimat süresi", "Ankara'ya kaç günde gelir?")],
},
"app-issues": {"en": [("app crashing", "App keeps crashing when I open the cart. Samsung M31."), ("app not opening", "app stuck on white screen after update")]},
"non-returnable": {"en": [("no return option", "There is no return button for the towels. Why?"), ("return not allowed", "Opened water filter cartridge is wrong model, can't return??")]},
"gift-card-balance": {
 "en": [("gift card balance", "How do I check how much is left on my gift card?")],
 "hi": [("gift card balance", "gift card me kitna bacha hai kaise dekhe?")],
 "tr": [("hediye kartı bakiye", "Hediye kartımda ne kadar kaldı nasıl öğrenirim?")],
},
"emi-options": {"en": [("EMI", "Is no cost EMI available on the air fryer?"), ("EMI on debit card", "can i pay in monthly installments with HDFC debit card")]},
"modify-order": {"en": [("add item to order", "Forgot to add a pillow to {order}, can you add it?"), ("change quantity", "want only 1 instead of 3 glasses in {order}")]},
"earn-points": {"en": [("points not credited", "No points for my last order {order}, delivered 3 days ago."), ("gold membership", "how do i become a gold member?")]},
"delete-account": {
 "en": [("delete account", "Please delete my account and all my data. {email}")],
 "hi": [("account band karna hai", "mera account aur sara data hata do {email}")],
 "tr": [("hesap silme", "KVKK kapsamında hesabımın ve verilerimin silinmesini talep ediyorum. {email}")],
},
"international-shipping": {"en": [("ship to UK?", "Do you ship to London? What about customs?"), ("international order", "can i order to dubai, will i pay duty")]},
"update-details": {"en": [("change mobile number", "Got a new number, how do I update it? Old one was {phone}"), ("number already in use", "says number already in use when I add my phone")]},
"back-in-stock": {"en": [("out of stock", "When will the cast iron pan be back in stock?"), ("restock", "bedsheet sold out, any date?")]},
"bulk-order": {"en": [("bulk order", "Need 50 kettles for our office, can you give a better price? {email}"), ("corporate order", "Buying 200 dinner sets for a hotel, need a quote and GST invoice.")]},
"redeem-points": {"en": [("use points", "How do I use my points at checkout?"), ("points limit", "why can I only use 20% of my points?")]},
"buy-gift-card": {"en": [("gift card not received", "I bought a gift card for my sister, she never got the email."), ("buy gift card", "can i schedule a gift card for her birthday next week")]},
"payment-methods": {"en": [("amex", "Do you accept Amex?"), ("paypal", "can i pay with paypal")]},
"warranty-period": {"en": [("warranty period", "How long is the warranty on the Marigold Home kettle?"), ("warranty start date", "does warranty start from order date or delivery?")]},
"voltage-plug": {"en": [("voltage", "Will the air fryer work in the US? 110V there.")]},
"product-manual": {"en": [("manual", "Lost the manual for my mixer, where can I get it?")]},

# ---- topics the help center has no entry for (entry_id stays empty) ----
"_seller": {
 "en": [
  ("Become a seller", "I make handmade candles, how do I sell on Marigold Market? {email}"),
  ("seller registration", "want to list my products on your site, whats the process and commission?"),
  ("Vendor onboarding", "We are a textile manufacturer in Panipat. How can we become a supplier/seller? Contact {phone}"),
  ("sell on marigold", "how to register as seller"),
  ("Seller account", "I applied to sell on your site 2 weeks ago, nobody replied. {email}"),
 ],
 "hi": [
  ("seller kaise bane", "apna saman marigold pe bechna hai, seller kaise bane? {phone}"),
  ("विक्रेता बनना है", "मैं अपने हाथ से बने दीये आपकी वेबसाइट पर बेचना चाहता हूँ। क्या प्रक्रिया है?"),
 ],
 "tr": [
  ("Satıcı olmak istiyorum", "Ürünlerimi sitenizde satmak istiyorum, satıcı başvurusu nasıl yapılır?"),
  ("satici kaydi", "magazam var urunlerimi marigoldda satabilir miyim komisyon ne kadar"),
 ],
},
"_price_drop": {
 "en": [
  ("Price dropped after I bought", "Bought the {product} for Rs {amount} on {date}, now it's Rs 500 less. Can I get the difference back?"),
  ("price protection", "do you have price protection? price went down 2 days after my order {order}"),
  ("PRICE DROP", "I PAID FULL PRICE AND NOW IT'S ON SALE. REFUND THE DIFFERENCE OR I RETURN IT."),
  ("price difference refund", "Ordered yesterday, today same item is cheaper in the sale. can you adjust the price?"),
  ("Price match", "Same kettle is Rs 300 cheaper on another site, will you match it?"),
 ],
 "hi": [
  ("price kam ho gaya", "kal liya tha aaj price kam ho gaya, difference wapas milega kya? {order}"),
  ("दाम कम हो गया", "खरीदने के दो दिन बाद ही दाम ₹400 कम हो गया, फ़र्क वापस करो।"),
 ],
 "tr": [
  ("Fiyat düştü", "Aldıktan 2 gün sonra fiyat düştü, farkı iade eder misiniz? {order}"),
  ("fiyat farki", "indirime girdi ben pahaliya aldim fark iadesi var mi"),
 ],
},
"_installation": {
 "en": [
  ("Installation", "Bought a chimney, when will someone come to install it? {order}"),
  ("installation service", "Do you provide installation for the water purifier? Need it this week. {phone}"),
  ("book installation", "how do I book installation/demo for the dishwasher i ordered"),
  ("No installation visit", "Ordered a wall-mount water heater {days} days ago, nobody came to fit it."),
 ],
 "hi": [
  ("installation kab hoga", "chimney aa gayi hai, lagane wala kab aayega? {phone}"),
  ("फिटिंग", "वॉटर प्यूरीफ़ायर लगाने के लिए टेक्नीशियन कब आएगा?"),
 ],
 "tr": [
  ("Montaj", "Aspiratör aldım, montaj için ne zaman gelirsiniz? {phone}"),
 ],
},
"_store_pickup": {
 "en": [
  ("Store pickup", "Can I pick up my order from your store in Andheri instead of delivery?"),
  ("store near me", "do you have a physical store in bangalore? want to see the rugs before buying"),
  ("collect in store", "is click and collect available? i'm never home for the courier"),
 ],
 "hi": [
  ("dukaan kaha hai", "lucknow me aapki dukaan hai kya? wahan se le lunga"),
 ],
 "tr": [
  ("mağazadan teslim", "Siparişimi mağazadan teslim alabilir miyim? İstanbul'da mağazanız var mı?"),
 ],
},
"_job": {"en": [("Job application", "Are you hiring for warehouse staff in Pune? Attached my CV. {email}")]},
"_franchise": {"hi": [("franchise", "marigold ki franchise lena chahta hu, kya process hai? {phone}")]},
"_student": {"tr": [("öğrenci indirimi", "ogrenci indirimi var mi? universite ogrencisiyim")]},
}

# Rank order of covered topics (most asked first); rank r gets round(60 / r) tickets, min 1.
RANKED = [
    "track-order", "refund-time", "payment-failed", "otp-not-received", "delayed-delivery",
    "damaged-item", "marked-delivered", "cancel-order", "return-item", "change-address",
    "wrong-item", "cant-log-in", "upi-payment", "missing-item", "card-declined",
    "cash-on-delivery", "delivery-charges", "warranty-claim", "reset-password", "failed-delivery",
    "exchange-size", "invoice-gst", "redeem-gift-card", "points-expire", "delivery-time",
    "app-issues", "non-returnable", "gift-card-balance", "emi-options", "modify-order",
    "earn-points", "delete-account", "international-shipping", "update-details", "back-in-stock",
    "bulk-order", "redeem-points", "buy-gift-card", "payment-methods", "warranty-period",
    "voltage-plug", "product-manual",
]
# Clusters the help center lacks (~15 % of all rows).
LACKING = {"_seller": 12, "_price_drop": 13, "_installation": 10, "_store_pickup": 7,
           "_job": 1, "_franchise": 1, "_student": 1}

LANG_W = {"en": 0.53, "hi": 0.27, "tr": 0.20}
CHANNELS = [("email", 0.33), ("chat", 0.37), ("form", 0.14), ("phone", 0.16)]
START = datetime(2026, 8, 1, tzinfo=timezone.utc)
END = datetime(2026, 11, 20, 23, 59, tzinfo=timezone.utc)
FESTIVE = datetime(2026, 10, 20, tzinfo=timezone.utc)  # Diwali (8 Nov 2026) rush
DELIVERY_TOPICS = {"track-order", "delayed-delivery", "marked-delivered", "delivery-time"}

PRODUCTS = {
    "en": ["air fryer", "bedsheet set", "pressure cooker", "steam iron", "mixer grinder", "curtains",
           "bath towel set", "electric kettle", "dinner set", "non-stick pan", "rug", "water bottle set",
           "cast iron skillet", "toaster"],
    "hi": ["mixer", "pressure cooker", "bedsheet", "tawa", "iron", "kettle", "dinner set", "pardey",
           "towel set", "air fryer"],
    "tr": ["tencere seti", "ütü", "kettle", "nevresim takımı", "halı", "tost makinesi", "havlu seti",
           "blender", "tava"],
}
NAMES_IN = ["priya.s", "rahul.verma", "ankit_88", "neha.k", "sandeep.r", "pooja.m", "vikram.singh",
            "divya.n", "arjun.p", "sneha.gupta", "rohit1990", "kavita.j"]
NAMES_TR = ["ayse.yilmaz", "mehmet.k", "zeynep.demir", "emre.celik", "elif.aydin", "burak.s",
            "selin.ozturk", "can.arslan"]
NAMES_EN = ["john.d", "sarah.m", "k.thomas"]
DOMAINS = ["example.com", "example.in", "example.org", "mail.example.com"]
TEST_CARDS = ["4111 1111 1111 1111", "5500 0000 0000 0004", "4012 8888 8888 1881",
              "4111-1111-1111-1111", "5555555555554444"]

PII_TAIL = {
    "en": ["My number is {phone}.", "Call me on {phone}", "email me at {email}", "Reg. email: {email}",
           "Thanks,\n{sig}\n{phone}", "my mobile {phone} / {email}"],
    "hi": ["mera number {phone} hai", "email {email} pe reply karo", "call karo {phone}",
           "मेरा नंबर {phone} है", "{sig}\n{phone}"],
    "tr": ["Telefonum: {phone}", "Mail adresim {email}", "{sig}\n{phone}", "bana {phone} numarasından ulaşın"],
}


def rand_phone(rng, lang):
    if lang == "tr":
        d = [rng.randint(0, 9) for _ in range(7)]
        op = rng.choice(["532", "533", "542", "505", "555", "544"])
        return rng.choice([f"+90 {op} {d[0]}{d[1]}{d[2]} {d[3]}{d[4]} {d[5]}{d[6]}",
                           f"0{op} {d[0]}{d[1]}{d[2]} {d[3]}{d[4]}{d[5]}{d[6]}"])
    n = str(rng.choice([6, 7, 8, 9])) + "".join(str(rng.randint(0, 9)) for _ in range(9))
    return rng.choice([f"+91 {n[:5]} {n[5:]}", f"+91-{n}", n, "+91 98765 43210"])


def rand_email(rng, lang):
    pool = NAMES_TR if lang == "tr" else NAMES_IN + NAMES_EN
    return f"{rng.choice(pool)}@{rng.choice(DOMAINS)}"


def fill(rng, text, lang, created):
    prods = PRODUCTS[lang]
    p1, p2 = rng.sample(prods, 2)
    amount = rng.choice([349, 599, 899, 1249, 1499, 1899, 2499, 3299, 4999, 7450])
    if lang == "tr":
        amount = rng.choice([189, 349, 650, 899, 1250, 2199, 3400])
    ago = created - timedelta(days=rng.randint(2, 14))
    date = ago.strftime("%d %b") if lang != "tr" else ago.strftime("%d.%m.%Y")
    vals = {
        "order": f"MM-{rng.randint(100000, 999999)}", "days": rng.randint(4, 15), "amount": amount,
        "product": p1, "product2": p2, "date": date, "ref": str(rng.randint(10**11, 10**12 - 1)),
        "time": f"{rng.randint(9, 22)}:{rng.randint(0, 59):02d}", "card": rng.choice(TEST_CARDS),
        "phone": rand_phone(rng, lang), "email": rand_email(rng, lang),
        "sig": rng.choice(NAMES_TR if lang == "tr" else NAMES_IN).split(".")[0].split("_")[0].title(),
    }
    return text.format(**vals)


def weighted(rng, pairs):
    r, acc = rng.random() * sum(w for _, w in pairs), 0.0
    for k, w in pairs:
        acc += w
        if r <= acc:
            return k
    return pairs[-1][0]


def rand_time(rng, topic):
    if topic in DELIVERY_TOPICS and rng.random() < 0.4:
        lo = FESTIVE
    else:
        lo = START
    span = int((END - lo).total_seconds() // 60)
    t = lo + timedelta(minutes=rng.randint(0, span))
    # most tickets arrive in Indian/Turkish daytime (03:00-18:00 UTC)
    if rng.random() < 0.85 and not 3 <= t.hour <= 18:
        t = t.replace(hour=rng.randint(3, 18))
    return min(t, END)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:00Z")


def make_tickets(rng):
    plan = []
    for r, topic in enumerate(RANKED, 1):
        plan += [topic] * max(1, int(60 / r + 0.5))
    for topic, n in LACKING.items():
        plan += [topic] * n
    rows, used = [], set()
    for topic in plan:
        pools = POOLS[topic]
        langs = [(l, w) for l, w in LANG_W.items() if l in pools]
        lang = weighted(rng, langs)
        created = rand_time(rng, topic)
        subj, body = rng.choice(pools[lang])
        body = fill(rng, body, lang, created)
        if rng.random() < 0.3:
            sep = "\n\n" if rng.random() < 0.3 else " "
            body = body + sep + fill(rng, rng.choice(PII_TAIL[lang]), lang, created)
        # avoid exact duplicate bodies (same template + same fill is unlikely but possible)
        while body in used:
            body = body + rng.choice([" pls", " !!", " ??", " .", " plz reply"])
        used.add(body)
        channel = weighted(rng, CHANNELS)
        if channel == "phone":
            first = ""
        elif channel == "chat":
            first = iso(created + (timedelta(minutes=rng.randint(1, 40)) if rng.random() < 0.8
                                   else timedelta(hours=rng.randint(3, 9))))
        else:
            first = iso(created + (timedelta(hours=rng.randint(1, 23), minutes=rng.randint(0, 59))
                                   if rng.random() < 0.55 else
                                   timedelta(hours=rng.randint(26, 140), minutes=rng.randint(0, 59))))
        rows.append({"created": created, "channel": channel, "language": lang, "subject": subj,
                     "body": body, "topic": topic, "first": first})
    rows.sort(key=lambda r: r["created"])
    covered = [i for i, r in enumerate(rows) if not r["topic"].startswith("_")]
    tagged = set(rng.sample(covered, round(0.25 * len(rows))))
    out = []
    for i, r in enumerate(rows):
        out.append([f"MMT-{210457 + i}", iso(r["created"]), r["channel"], r["language"], r["subject"],
                    r["body"], r["topic"] if i in tagged else "", r["first"]])
    return out


# ---------------------------------------------------------------------------------------------
# Site search log: (query, lang, weight). Weight ~ how often it is typed over the period.
# ---------------------------------------------------------------------------------------------
SEARCHES = [
 # en: head
 ("where is my order", "en", 160), ("refund", "en", 120), ("track order", "en", 95), ("otp", "en", 80),
 ("payment failed", "en", 70), ("money deducted", "en", 45), ("refund not received", "en", 40),
 ("cancel order", "en", 38), ("return", "en", 35), ("delivery", "en", 30), ("otp not received", "en", 28),
 ("order not delivered", "en", 26), ("damaged", "en", 20), ("change address", "en", 18), ("cod", "en", 17),
 ("tracking", "en", 16), ("login", "en", 15), ("wrong item", "en", 12), ("upi pending", "en", 12),
 ("refund status", "en", 11), ("delivered but not received", "en", 11), ("cash on delivery", "en", 10),
 # en: body
 ("where is my refund", "en", 9), ("wher is my order", "en", 8), ("order status", "en", 8), ("otp nt coming", "en", 6),
 ("refnd", "en", 6), ("late delivery", "en", 7), ("delivery charges", "en", 7), ("invoice", "en", 7),
 ("gst invoice", "en", 6), ("password", "en", 6), ("forgot password", "en", 6), ("card declined", "en", 6),
 ("emi", "en", 6), ("warranty", "en", 6), ("gift card", "en", 6), ("points", "en", 5), ("exchange", "en", 5),
 ("missing item", "en", 5), ("broken", "en", 5), ("return policy", "en", 5), ("delivery time", "en", 5),
 ("how long delivery", "en", 4), ("parcel", "en", 4), ("money back", "en", 4), ("charged twice", "en", 4),
 ("account locked", "en", 4), ("app not working", "en", 4), ("delete account", "en", 3),
 ("gift card balance", "en", 3), ("international shipping", "en", 3), ("ship to uk", "en", 3),
 ("out of stock", "en", 3), ("restock", "en", 2), ("manual", "en", 2), ("user manual", "en", 2),
 ("voltage", "en", 2), ("110v", "en", 1), ("no cost emi", "en", 3), ("paypal", "en", 2), ("amex", "en", 1),
 ("bulk order", "en", 2), ("corporate", "en", 1), ("change phone number", "en", 3), ("change email", "en", 2),
 ("redeem points", "en", 2), ("points expired", "en", 3), ("gold member", "en", 2), ("buy gift card", "en", 2),
 ("non returnable", "en", 2), ("size exchange", "en", 2), ("add item to order", "en", 2), ("missed delivery", "en", 3),
 ("reschedule delivery", "en", 2), ("e-1042", "en", 2), ("e-2007", "en", 2), ("e-1040", "en", 1),
 ("traking", "en", 3), ("cancle order", "en", 3), ("adress change", "en", 2), ("payement failed", "en", 2),
 ("damged product", "en", 1), ("retrun", "en", 2), ("recieved wrong item", "en", 1), ("refund??", "en", 1),
 ("why so late", "en", 1), ("courier", "en", 2), ("customs", "en", 1), ("kettle warranty", "en", 1),
 ("lid missing", "en", 1), ("upi", "en", 4), ("gpay", "en", 2), ("phonepe pending", "en", 1),
 # en: things the help center lacks
 ("sell on marigold", "en", 6), ("become seller", "en", 4), ("seller registration", "en", 3),
 ("price drop", "en", 5), ("price match", "en", 3), ("price protection", "en", 2),
 ("installation", "en", 5), ("chimney installation", "en", 2), ("store near me", "en", 4),
 ("store pickup", "en", 3), ("jobs", "en", 2), ("careers", "en", 1), ("coupon code", "en", 6),
 ("promo code not working", "en", 3), ("student discount", "en", 1), ("api", "en", 1), ("franchise", "en", 1),
 # hi: Devanagari + Hinglish
 ("order kab aayega", "hi", 40), ("refund kab milega", "hi", 30), ("otp nahi aaya", "hi", 24),
 ("paise kat gaye", "hi", 20), ("मेरा ऑर्डर कहाँ है", "hi", 14), ("रिफंड", "hi", 12), ("ओटीपी", "hi", 8),
 ("order cancel", "hi", 10), ("paise wapas", "hi", 9), ("return kaise kare", "hi", 7), ("cod", "hi", 6),
 ("पैसे कट गए", "hi", 7), ("delivery charge", "hi", 4), ("address change", "hi", 4), ("टूटा सामान", "hi", 3),
 ("saman toota", "hi", 3), ("damage mila", "hi", 2), ("warranty claim", "hi", 2), ("गारंटी", "hi", 2),
 ("password bhool gaya", "hi", 3), ("otp nahin aa raha", "hi", 4), ("otp nai aya", "hi", 3),
 ("order kahan hai", "hi", 8), ("kab tak aayega", "hi", 4), ("delivery kitne din", "hi", 3),
 ("refund nahi aaya", "hi", 6), ("paisa wapas kab", "hi", 3), ("रिफ़ंड कब मिलेगा", "hi", 4),
 ("gift card balance", "hi", 1), ("points expire", "hi", 1), ("account delete", "hi", 1),
 ("seller kaise bane", "hi", 3), ("price kam ho gaya", "hi", 2), ("installation kab hoga", "hi", 2),
 ("dukaan kahan hai", "hi", 1), ("coupon", "hi", 3),
 # tr
 ("kargom nerede", "tr", 30), ("iade", "tr", 22), ("sipariş takibi", "tr", 14), ("siparis nerede", "tr", 9),
 ("para iadesi", "tr", 10), ("kod gelmiyor", "tr", 8), ("sms gelmiyor", "tr", 6), ("iptal", "tr", 8),
 ("ödeme hatası", "tr", 6), ("para çekildi", "tr", 5), ("kapıda ödeme", "tr", 6), ("kapida odeme", "tr", 4),
 ("kargo ücreti", "tr", 5), ("kargo ucreti", "tr", 3), ("hasarlı ürün", "tr", 4), ("kirik geldi", "tr", 2),
 ("garanti", "tr", 4), ("şifremi unuttum", "tr", 3), ("sifre", "tr", 2), ("adres değiştirme", "tr", 3),
 ("teslimat süresi", "tr", 3), ("İADE", "tr", 2), ("IADE", "tr", 2), ("hediye kartı", "tr", 2),
 ("puanlarım", "tr", 2), ("hesap silme", "tr", 1), ("taksit", "tr", 3), ("satıcı olmak", "tr", 2),
 ("fiyat düştü", "tr", 2), ("montaj", "tr", 2), ("mağaza", "tr", 2), ("indirim kodu", "tr", 3),
]


def make_search_log(rng):
    lines = []
    for q, lang, w in SEARCHES:
        # popular queries show up in several day/hour buckets; the count is split between them
        buckets = 1 + (w >= 10) + (w >= 30) + (w >= 80)
        counts = [1] * buckets
        for _ in range(w - buckets):
            counts[rng.randrange(buckets)] += 1
        for c in counts:
            t = START + timedelta(days=rng.randint(0, (END - START).days), hours=rng.randint(3, 18))
            lines.append({"query": q, "at": t.strftime("%Y-%m-%dT%H:00:00Z"), "lang": lang, "count": c})
    lines.sort(key=lambda d: (d["at"], d["query"]))
    return lines


def main():
    rng = random.Random(SEED)
    OUT.mkdir(exist_ok=True)
    rows = make_tickets(rng)
    with open(OUT / "tickets.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["ticket_id", "created_at", "channel", "language", "subject", "body", "entry_id",
                    "first_response_at"])
        w.writerows(rows)
    log = make_search_log(rng)
    with open(OUT / "search-log.jsonl", "w", encoding="utf-8") as f:
        for d in log:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(f"tickets.csv: {len(rows)} rows; search-log.jsonl: {len(log)} lines")


if __name__ == "__main__":
    main()
