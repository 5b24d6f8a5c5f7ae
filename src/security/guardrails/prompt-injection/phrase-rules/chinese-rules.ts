import type { PhraseRuleSource } from '../phrase-rule.js';

/**
 * Chinese rules, simplified and traditional characters. No spaces between words, so the patterns
 * are written whole. "开发者模式" alone is how Android names its settings, so it needs a subject.
 */
export const CHINESE_RULES: PhraseRuleSource[] = [
  {
    family: 'ignore-instructions',
    language: 'zh',
    weight: 0.8,
    unspaced: true,
    patterns: [
      '(?:忽略|忽视|忽視|无视|無視|忘记|忘記|不要理会|不要理會|丢弃|丟棄|跳过|跳過|不要遵守|不再遵守)(?:掉)?(?:你)?(?:之前|以前|先前|前面|上面|以上|上述|此前|原来|原來|原有|原始|所有|全部|一切)(?:的)?(?:所有|全部|一切)?(?:的)?(?:指令|指示|说明|說明|提示|提示词|提示詞|规则|規則|设定|設定|命令|要求|限制)',
    ],
  },
  {
    family: 'system-prompt-leak',
    language: 'zh',
    weight: 0.75,
    unspaced: true,
    patterns: [
      '(?:显示|顯示|告诉我|告訴我|输出|輸出|泄露|洩露|透露|打印|重复|重複|给我看|給我看|展示|说出|說出|复述|複述)(?:一下)?(?:你的|你)?(?:系统|系統|初始|原始|隐藏|隱藏)(?:提示|提示词|提示詞|指令|消息|訊息|设定|設定)',
      '你的(?:系统|系統)(?:提示|提示词|提示詞|指令)(?:是什么|是什麼)',
    ],
  },
  {
    family: 'developer-mode',
    language: 'zh',
    weight: 0.8,
    unspaced: true,
    patterns: ['(?:你|您)(?:现在|現在)?(?:处于|處於|进入|進入|已进入|已進入|是)(?:了)?(?:开发者|開發者|越狱|越獄|dan)模式', '(?:越狱|越獄|dan)模式'],
  },
  {
    family: 'role-override',
    language: 'zh',
    weight: 0.35,
    unspaced: true,
    patterns: ['你现在是|你現在是|从现在开始,?你|從現在開始,?你|从现在起,?你|從現在起,?你|你将扮演|你將扮演'],
  },
  {
    family: 'no-restrictions',
    language: 'zh',
    weight: 0.55,
    unspaced: true,
    patterns: [
      '(?:没有|沒有|不受|不带|不帶|摆脱|擺脫)任何(?:限制|约束|約束|过滤|過濾|审查|審查|道德|规则|規則)',
      '(?:无|無|没有|沒有)(?:审查|審查|过滤|過濾)的(?:ai|人工智能|助手|模型)',
    ],
  },
];
