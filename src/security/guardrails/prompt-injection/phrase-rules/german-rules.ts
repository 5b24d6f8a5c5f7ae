import type { PhraseRuleSource } from '../phrase-rule.js';

/** German rules; weights mirror the English families. Compounds ("Systemanweisungen") are spelled out. */
export const GERMAN_RULES: PhraseRuleSource[] = [
  {
    family: 'ignore-instructions',
    language: 'de',
    weight: 0.8,
    patterns: [
      '(?:ignoriere|ignorier|ignorieren sie|vergiss|vergessen sie|missachte|missachten sie|verwirf) (?:alle |sämtliche |die |deine |ihre )?(?:vorherigen|bisherigen|vorigen|früheren|obigen|ursprünglichen|vorangegangenen|alten|system)(?:-| )?(?:anweisungen|instruktionen|befehle|regeln|vorgaben|richtlinien|prompts?)',
      '(?:ignoriere|ignorier|vergiss|missachte) (?:alle )?(?:deine|ihre) (?:anweisungen|regeln|vorgaben|richtlinien|instruktionen)',
      'vergiss alles,? was (?:dir |man dir |ich dir )?(?:vorher |zuvor |bisher )?gesagt',
      '(?:ignoriere|vergiss) alles (?:oben|davor|bisherige|vorherige)',
    ],
  },
  {
    family: 'system-prompt-leak',
    language: 'de',
    weight: 0.75,
    patterns: [
      '(?:zeig|zeige|zeigen sie|verrate|verraten sie|gib|geben sie|nenne|wiederhole|drucke|schreib|schreibe) ~ (?:deinen|deine|ihren|ihre|den|die) (?:system-?prompt|systemanweisungen|systemnachricht|anfangsanweisungen|ursprünglichen anweisungen|versteckten anweisungen|system prompt)',
      '(?:was|wie) (?:ist|lautet|sind|lauten) (?:dein|deine|ihr|ihre) (?:system-?prompt|systemanweisungen|system prompt)',
    ],
  },
  {
    family: 'developer-mode',
    language: 'de',
    weight: 0.8,
    patterns: [
      '(?:du bist|sie sind)(?: jetzt| nun| ab sofort)? im (?:entwicklermodus|entwickler-modus|dan-modus|dan modus|jailbreak-modus|gott-modus)',
      '(?:dan|jailbreak)(?:-| )?modus',
    ],
  },
  {
    family: 'role-override',
    language: 'de',
    weight: 0.35,
    patterns: [
      '(?:du bist|sie sind) (?:jetzt|nun|ab sofort|ab jetzt|von nun an) (?:ein|eine|der|die|kein|keine)',
      '(?:ab (?:jetzt|sofort)|von nun an),? (?:bist du|sind sie|wirst du|verhältst du dich)',
    ],
  },
  {
    family: 'no-restrictions',
    language: 'de',
    weight: 0.55,
    patterns: [
      'ohne (?:jegliche |irgendwelche |alle )?(?:einschränkungen|beschränkungen|filter|zensur|ethische regeln|ethischen grenzen)',
      '(?:unzensierte|ungefilterte|uneingeschränkte)(?:r|s|n)? (?:ki|assistent|modell|version)',
    ],
  },
];
