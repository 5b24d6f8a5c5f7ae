import type { PhraseRuleSource } from '../phrase-rule.js';

/** Japanese rules, written whole (no spaces); "開発者モード" alone is a phone setting, so it needs a subject. */
export const JAPANESE_RULES: PhraseRuleSource[] = [
  {
    family: 'ignore-instructions',
    language: 'ja',
    weight: 0.8,
    unspaced: true,
    patterns: [
      '(?:以前|前|上記|これまで|先ほど|今まで|最初|元|従来|システム)の(?:すべての|全ての|全部の)?(?:指示|命令|指令|ルール|設定|プロンプト|制約)(?:を|は)(?:すべて|全て|全部)?(?:無視|忘れ|破棄)',
      '(?:すべての|全ての)(?:指示|命令|ルール|制限|制約)を(?:無視|忘れ)',
    ],
  },
  {
    family: 'system-prompt-leak',
    language: 'ja',
    weight: 0.75,
    unspaced: true,
    patterns: [
      'システム(?:プロンプト|メッセージ|指示)(?:を|の内容を)(?:表示|教え|見せ|出力|開示|公開|繰り返|書き出|印刷)',
      '(?:あなたの|君の)(?:システム)?(?:プロンプト|初期指示)(?:を|は)(?:表示|教え|見せ|何)',
    ],
  },
  {
    family: 'developer-mode',
    language: 'ja',
    weight: 0.8,
    unspaced: true,
    patterns: ['(?:あなたは|君は)(?:今|いま)?(?:から)?(?:開発者|dan|脱獄|ジェイルブレイク)モード', '(?:dan|脱獄|ジェイルブレイク)モード'],
  },
  {
    family: 'role-override',
    language: 'ja',
    weight: 0.35,
    unspaced: true,
    patterns: ['(?:あなたは|君は)(?:今から|これから)', '(?:今から|これから)(?:あなた|君)は'],
  },
  {
    family: 'no-restrictions',
    language: 'ja',
    weight: 0.55,
    unspaced: true,
    patterns: ['(?:制限|制約|フィルター|検閲)(?:を|は)?(?:一切)?(?:解除|無視|外して|ない状態)', '(?:一切の|すべての|全ての)(?:制限|制約|フィルター|検閲)(?:なし|無し|を無視|を解除|から解放)'],
  },
];
