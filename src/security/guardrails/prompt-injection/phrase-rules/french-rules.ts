import type { PhraseRuleSource } from '../phrase-rule.js';

/** French rules; weights mirror the English families. */
export const FRENCH_RULES: PhraseRuleSource[] = [
  {
    family: 'ignore-instructions',
    language: 'fr',
    weight: 0.8,
    patterns: [
      "(?:ignore|ignorez|ignorer|oublie|oubliez|oublier|néglige|négligez|fais abstraction des|faites abstraction des) (?:toutes |tous )?(?:les |tes |vos |ces )?(?:instructions|consignes|règles|directives|ordres|indications) (?:précédentes|antérieures|initiales|originales|du système|ci-dessus|d'avant|données|reçues)",
      '(?:ignore|ignorez|oublie|oubliez) (?:toutes |tous )?(?:tes|vos) (?:instructions|consignes|règles|directives)',
      "oublie(?:z)? tout ce qu(?:e |')(?:on )?(?:t'a|vous a|je t'ai|je vous ai) dit",
    ],
  },
  {
    family: 'system-prompt-leak',
    language: 'fr',
    weight: 0.75,
    patterns: [
      "(?:révèle|révélez|montre|montrez|affiche|affichez|donne|donnez|dis|dites|répète|répétez|imprime|écris) ~ (?:ton|votre|le|tes|vos) (?:prompt|message|invite|instructions|consignes) (?:système|systeme|initiales?|d'origine|cachées?)",
      'quel(?:le)?s? (?:est|sont) (?:ton|votre|tes|vos) (?:prompt|instructions|consignes) (?:système|initiales?)',
    ],
  },
  {
    family: 'developer-mode',
    language: 'fr',
    weight: 0.8,
    patterns: [
      '(?:tu es|vous êtes|tu passes|agis|agissez|réponds|répondez)(?: maintenant| désormais)? en mode (?:développeur|developpeur|dan|sans restriction|jailbreak|dieu)',
      'mode (?:dan|jailbreak)',
    ],
  },
  {
    family: 'role-override',
    language: 'fr',
    weight: 0.35,
    patterns: [
      '(?:tu es|vous êtes) (?:maintenant|désormais|dorénavant)',
      '(?:maintenant|désormais|dorénavant),? (?:tu es|tu seras|vous êtes|vous serez|tu vas|tu agiras)',
    ],
  },
  {
    family: 'no-restrictions',
    language: 'fr',
    weight: 0.55,
    patterns: ['sans (?:aucune |aucun )?(?:restriction|restrictions|filtre|filtres|censure|règles éthiques|limites éthiques)', '(?:ia|assistant|modèle) (?:non censurée?|sans filtre)'],
  },
];
