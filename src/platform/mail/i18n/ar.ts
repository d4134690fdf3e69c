import type { Catalogue } from './catalogue';

/** Right-to-left; values in another script are isolated by the renderer so punctuation stays in place. */
export const ar: Catalogue = {
  language: 'ar',
  direction: 'rtl',
  fontFamily: "'Segoe UI', Tahoma, 'Noto Naskh Arabic', Arial, sans-serif",
  greeting: ({ fullName, excellency, gender }) =>
    excellency
      ? gender === 'female'
        ? `صاحبة السعادة ${fullName} المحترمة،`
        : gender === 'male'
          ? `صاحب السعادة ${fullName} المحترم،`
          : `سعادة ${fullName}،`
      : gender === 'female'
        ? `السيدة ${fullName} المحترمة،`
        : gender === 'male'
          ? `السيد ${fullName} المحترم،`
          : `حضرة ${fullName} المحترم/المحترمة،`,
  opening: 'تحية طيبة وبعد،',
  when: ({ start, end, sameDay }) => (sameDay ? `في ${start}` : `في الفترة من ${start} إلى ${end}`),
  place: ({ venue, city, country }) => [venue, city, country].filter(Boolean).join('، '),
  labelSeparator: ': ',
  listSeparator: '، ',
  closing: 'وتفضلوا بقبول فائق الاحترام والتقدير،',
  signature: 'أمانة المؤتمر',
  footer: 'وُجّهت إليكم هذه الرسالة شخصيًا بشأن مؤتمر «{title}».',
  linkHelp: 'إذا لم يعمل الزر، يُرجى نسخ هذا العنوان ولصقه في متصفح الإنترنت:',
  calendarNote: 'يتضمن ملف التقويم المرفق (ics) مواعيد انعقاد المؤتمر.',
  labels: {
    dates: 'موعد الانعقاد',
    place: 'المكان',
    timeZone: 'التوقيت المحلي',
    yourTimeZone: 'المنطقة الزمنية لديكم',
    secretariat: 'للتواصل مع الأمانة',
    replyBy: 'آخر موعد للرد',
    position: 'الترتيب في قائمة الانتظار',
    confirmBy: 'آخر موعد للتأكيد',
    reason: 'السبب',
    venue: 'مقر الانعقاد',
    address: 'العنوان',
    rooms: 'قاعات الاجتماعات',
    firstSession: 'الجلسة الأولى',
    visaLetter: 'رسالة دعم طلب التأشيرة',
    badge: 'بطاقة المشاركة',
  },
  status: {
    visaLetter: { requested: 'مطلوبة، قيد الإعداد', issued: 'صدرت' },
    badge: { pending: 'قيد الإعداد', issued: 'صدرت' },
  },
  capacities: {
    head: 'رئيس/رئيسة الوفد',
    delegate: 'مندوب/مندوبة',
    alternate: 'مناوب/مناوبة',
    adviser: 'مستشار/مستشارة',
    observer: 'مراقب/مراقبة',
  },
  kinds: {
    invitation: {
      subject: 'دعوة: {title}',
      body: [
        'تتشرف الأمانة بدعوتكم إلى المشاركة في مؤتمر «{title}»، الذي سيُعقد في {city}، {country}، {when}.',
        'ونرجو التكرم بإفادتنا بردكم في موعد أقصاه {deadline} عبر صفحة الدعوة الخاصة بكم، والتي يمكنكم من خلالها أيضًا تسمية أعضاء وفدكم، والإشارة إلى أي احتياجات تتعلق بإمكانية الوصول، وطلب رسالة دعم لطلب التأشيرة.',
        'الرابط أدناه خاص بكم وحدكم، لذا نرجو عدم إعادة توجيهه إلى أي شخص آخر.',
      ],
      partners: 'يُنظَّم المؤتمر بالشراكة مع {partners}.',
      action: 'الرد على الدعوة',
    },
    rsvp_confirmation: {
      subject: 'تأكيد المشاركة: {title}',
      body: [
        'نشكركم على قبول الدعوة إلى مؤتمر «{title}»، ويسعدنا تأكيد مشاركتكم.',
        'سيُعقد المؤتمر في {city}، {country}، {when}. وسنوافيكم بالمعلومات العملية قبل افتتاحه.',
      ],
      delegation: 'أعضاء وفدكم المسجلون لدى الأمانة:',
      changes: 'يمكنكم تعديل ردكم أو تشكيلة وفدكم حتى {deadline} عبر صفحتكم الخاصة.',
      action: 'عرض الرد أو تعديله',
    },
    waitlisted: {
      subject: 'قائمة الانتظار: {title}',
      body: [
        'نشكركم على ردكم على الدعوة إلى مؤتمر «{title}». ونأسف لإبلاغكم بأن جميع المقاعد مشغولة حاليًا، وقد أُدرج وفدكم في قائمة الانتظار في المرتبة {position}.',
        'وفي حال توفر مقعد، سنبلغكم بذلك فورًا، وستُتاح لكم حينئذ مهلة محدودة لتأكيد مشاركتكم. ولا يلزم اتخاذ أي إجراء من جانبكم في الوقت الحالي.',
      ],
      action: 'عرض ردكم',
    },
    waitlist_offer: {
      subject: 'مقعد متاح: {title}',
      body: [
        'يسعدنا إبلاغكم بتوفر مقعد في مؤتمر «{title}»، الذي سيُعقد في {city}، {country}، {when}.',
        'وللاستفادة منه، نرجو تأكيد مشاركتكم عبر صفحتكم الخاصة في موعد أقصاه {offerExpiresAt}. وإذا لم يصلنا تأكيدكم بحلول ذلك الموعد، سيُعرض المقعد على الوفد التالي في قائمة الانتظار.',
      ],
      action: 'تأكيد المشاركة',
    },
    decline_acknowledgement: {
      subject: 'تم استلام ردكم: {title}',
      body: [
        'نشكركم على إبلاغنا بتعذر مشاركتكم في مؤتمر «{title}»، وقد سجّلنا ردكم.',
        'ونأمل أن تتاح لنا فرصة الترحيب بكم في اجتماع قادم.',
      ],
      changes: 'وفي حال تغيّر خططكم، يمكنكم تعديل ردكم حتى {deadline} عبر صفحتكم الخاصة.',
      action: 'تعديل الرد',
    },
    reminder_non_responder: {
      subject: 'تذكير: دعوة إلى مؤتمر «{title}»',
      body: [
        'نود تذكيركم بدعوتنا إلى مؤتمر «{title}»، الذي سيُعقد في {city}، {country}، {when}، إذ لم يصلنا ردكم بعد.',
        'ونكون ممتنين لو تفضلتم بإفادتنا، في موعد أقصاه {deadline}، بما إذا كنتم ستشاركون، وذلك عبر صفحة الدعوة الخاصة بكم.',
        'وإذا كنتم قد أرسلتم ردكم بالفعل، يُرجى تجاهل هذه الرسالة.',
      ],
      action: 'الرد على الدعوة',
    },
    reminder_participant: {
      subject: 'معلومات عملية: {title}',
      body: ['نتطلع إلى الترحيب بكم في مؤتمر «{title}»، الذي سيُعقد في {city}، {country}، {when}.'],
      detailsIntro: 'تجدون أدناه المعلومات العملية المتوفرة حتى الآن.',
      noDetails: 'ستوافيكم الأمانة بالمعلومات العملية قريبًا.',
      action: 'عرض تسجيلكم',
    },
    postponement_notice: {
      subject: 'تأجيل: {title}',
      body: [
        'تأسف الأمانة لإبلاغكم بتأجيل مؤتمر «{title}»، الذي كان من المقرر عقده في {city}، {country}، {when}.',
        'وسنبلغكم بالموعد الجديد فور تحديده، وتظل دعوتكم سارية في الأثناء. ويشير ملف التقويم المرفق إلى أن الموعد في تقويمكم أصبح مبدئيًا.',
      ],
    },
    cancellation_notice: {
      subject: 'إلغاء: {title}',
      body: [
        'تأسف الأمانة لإبلاغكم بإلغاء مؤتمر «{title}»، الذي كان من المقرر عقده في {city}، {country}، {when}.',
        'ونعتذر عن أي إزعاج قد ينجم عن ذلك، ونشكركم على اهتمامكم بالمؤتمر.',
      ],
    },
  },
};
