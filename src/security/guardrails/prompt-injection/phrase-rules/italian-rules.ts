import type { PhraseRuleSource } from '../phrase-rule.js';

/** Italian rules; weights mirror the English families. */
export const ITALIAN_RULES: PhraseRuleSource[] = [
  {
    family: 'ignore-instructions',
    language: 'it',
    weight: 0.8,
    patterns: [
      '(?:ignora|ignorate|ignori|dimentica|dimenticate|dimentichi|trascura|tralascia) (?:tutte |tutti )?(?:le |i |gli )?(?:tue |sue )?(?:istruzioni|regole|indicazioni|direttive|ordini|comandi|prompt) (?:precedenti|iniziali|originali|del sistema|di sistema|sopra|fornite)',
      '(?:ignora|dimentica) (?:tutte )?(?:le )?tue (?:istruzioni|regole|direttive)',
      "dimentica tutto (?:quello |ciò )?(?:che |ciò che )?ti (?:è stato detto|hanno detto)",
    ],
  },
  {
    family: 'system-prompt-leak',
    language: 'it',
    weight: 0.75,
    patterns: [
      '(?:rivela|rivelami|mostra|mostrami|dimmi|stampa|ripeti|scrivi|dammi|condividi) ~ (?:il |i |le )?(?:tuo|tuoi|tue) (?:prompt|messaggio|istruzioni) (?:di|del) sistema',
      '(?:qual|quali) (?:è|e|sono) (?:il |le )?(?:tuo|tue) (?:prompt|istruzioni) (?:di sistema|iniziali|originali)',
    ],
  },
  {
    family: 'developer-mode',
    language: 'it',
    weight: 0.8,
    patterns: ['(?:sei|agisci|rispondi)(?: ora| adesso)? in modalità (?:sviluppatore|dan|jailbreak|senza restrizioni|dio)', 'modalità (?:dan|jailbreak)'],
  },
  {
    family: 'role-override',
    language: 'it',
    weight: 0.35,
    patterns: [
      "(?:(?:ora|adesso) in poi|questo momento),? (?:sei|sarai|agirai|ti comporterai)",
      '(?:fingi|immagina) di essere (?:una? )?(?:ia|intelligenza artificiale|modello|assistente)',
    ],
  },
  {
    family: 'no-restrictions',
    language: 'it',
    weight: 0.55,
    patterns: ['senza (?:alcuna |alcun |nessuna |nessun )?(?:restrizione|restrizioni|filtro|filtri|censura|regole etiche|limiti etici)'],
  },
];
