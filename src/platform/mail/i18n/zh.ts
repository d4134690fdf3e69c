import type { Catalogue } from './catalogue';

/** Simplified Chinese, full-width punctuation. */
export const zh: Catalogue = {
  language: 'zh',
  direction: 'ltr',
  fontFamily: "'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'SimSun', sans-serif",
  greeting: ({ fullName, excellency, gender }) =>
    excellency ? `尊敬的${fullName}阁下：` : gender === 'female' ? `尊敬的${fullName}女士：` : gender === 'male' ? `尊敬的${fullName}先生：` : `尊敬的${fullName}：`,
  when: ({ range }) => range,
  place: ({ venue, city, country }) => `${venue ? `${venue}，` : ''}${city}（${country}）`,
  labelSeparator: '：',
  listSeparator: '、',
  closing: '顺致崇高的敬意。',
  signature: '会议秘书处',
  footer: '本邮件系就“{title}”专门发送给您本人。',
  linkHelp: '如按钮无法使用，请将以下地址复制到浏览器中打开：',
  calendarNote: '随附的日历文件（.ics）载有会议日期。',
  labels: {
    dates: '会议日期',
    place: '会议地点',
    timeZone: '当地时间',
    yourTimeZone: '您所在时区',
    secretariat: '秘书处联系方式',
    replyBy: '答复截止时间',
    position: '候补名单排位',
    confirmBy: '确认截止时间',
    reason: '原因',
    venue: '会场',
    address: '地址',
    rooms: '会议室',
    firstSession: '首场会议',
    visaLetter: '签证支持函',
    badge: '参会证件',
  },
  status: {
    visaLetter: { requested: '已申请，正在办理', issued: '已签发' },
    badge: { pending: '正在制作', issued: '已制发' },
  },
  capacities: {
    head: '代表团团长',
    delegate: '代表',
    alternate: '副代表',
    adviser: '顾问',
    observer: '观察员',
  },
  kinds: {
    invitation: {
      subject: '邀请函：{title}',
      body: [
        '秘书处谨此诚邀您出席“{title}”。会议将于{when}在{city}（{country}）举行。',
        '敬请最迟于{deadline}通过您的个人邀请页面作出答复。您还可在该页面提名代表团成员、说明无障碍方面的需求，并申请签证支持函。',
        '以下链接仅供您本人使用，请勿转发。',
      ],
      partners: '本次会议与{partners}合作举办。',
      action: '答复邀请',
    },
    rsvp_confirmation: {
      subject: '参会确认：{title}',
      body: [
        '感谢您接受出席“{title}”的邀请，现确认您将参加本次会议。',
        '会议将于{when}在{city}（{country}）举行。会议开幕前，我们将向您提供有关实用信息。',
      ],
      delegation: '您的代表团在秘书处登记的成员如下：',
      changes: '您最迟可于{deadline}通过个人页面修改答复或代表团组成。',
      action: '查看或修改答复',
    },
    waitlisted: {
      subject: '候补名单：{title}',
      body: [
        '感谢您对出席“{title}”邀请的答复。遗憾的是，目前名额已满，您的代表团已列入候补名单，排在第{position}位。',
        '如有名额空出，我们将立即通知您，届时您需在限定时间内确认参会。在此之前，您无需采取任何行动。',
      ],
      action: '查看答复',
    },
    waitlist_offer: {
      subject: '现有空余名额：{title}',
      body: [
        '我们高兴地通知您，“{title}”现有一个空余名额。会议将于{when}在{city}（{country}）举行。',
        '如您希望接受该名额，请于{offerExpiresAt}前通过个人页面确认参会。逾期未确认的，该名额将提供给候补名单上的下一个代表团。',
      ],
      action: '确认参会',
    },
    decline_acknowledgement: {
      subject: '已收到您的答复：{title}',
      body: ['感谢您告知无法出席“{title}”。我们已记录您的答复。', '期待今后有机会在其他会议上欢迎您。'],
      changes: '如您的安排有变，最迟可于{deadline}通过个人页面修改答复。',
      action: '修改答复',
    },
    reminder_non_responder: {
      subject: '提醒：“{title}”邀请函',
      body: [
        '谨此提醒，我们曾邀请您出席将于{when}在{city}（{country}）举行的“{title}”，目前尚未收到您的答复。',
        '敬请最迟于{deadline}通过您的个人邀请页面告知是否出席。',
        '如您已作出答复，请忽略本邮件。',
      ],
      action: '答复邀请',
    },
    reminder_participant: {
      subject: '参会实用信息：{title}',
      body: ['我们期待您出席将于{when}在{city}（{country}）举行的“{title}”。'],
      detailsIntro: '现将目前已确定的实用信息告知如下。',
      noDetails: '秘书处将尽快向您提供实用信息。',
      action: '查看注册信息',
    },
    postponement_notice: {
      subject: '会议延期通知：{title}',
      body: [
        '秘书处遗憾地通知您，原定于{when}在{city}（{country}）举行的“{title}”已延期。',
        '新的会期确定后将立即通知您；在此期间，您的邀请继续有效。所附日历文件已将您日历中的该条目标记为暂定。',
      ],
    },
    cancellation_notice: {
      subject: '会议取消通知：{title}',
      body: [
        '秘书处遗憾地通知您，原定于{when}在{city}（{country}）举行的“{title}”已取消。',
        '由此给您带来的不便，我们深表歉意，并感谢您对本次会议的关注。',
      ],
    },
    credentials_rejected: {
      subject: '全权证书未获接受：{title}',
      body: [
        '秘书处已审查为贵代表团出席将于{when}在{city}（{country}）举行的“{title}”提交的全权证书，遗憾地通知您，因下述理由未能予以接受。',
        '贵代表团的全权证书获得接受后，方可为其成员发放证件。',
      ],
      again: '请于{deadline}之前通过您的个人邀请页面上传新的普通照会或提名函（PDF）。',
      action: '上传新文件',
    },
    thank_you: {
      subject: '感谢您的参与：{title}',
      body: [
        '秘书处衷心感谢您{when}在{country}{city}参加“{title}”。',
        '您的意见将有助于编写后续报告和提交峰会的建议。恳请您花一分钟时间为本次会议评分，如愿意，也可留下意见；在报告提交之前，您可以随时修改答复。',
      ],
      action: '提交反馈',
    },
  },
};
