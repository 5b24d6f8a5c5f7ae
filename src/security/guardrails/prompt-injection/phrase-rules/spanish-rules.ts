import type { PhraseRuleSource } from '../phrase-rule.js';

/** Spanish rules; weights mirror the English families. "Modo desarrollador" alone is Android, so it needs a subject. */
export const SPANISH_RULES: PhraseRuleSource[] = [
  {
    family: 'ignore-instructions',
    language: 'es',
    weight: 0.8,
    patterns: [
      '(?:ignora|ignore|ignorad|ignoren|olvida|olvide|olvidad|olviden|descarta|omite|haz caso omiso de|desobedece) (?:todas |todos )?(?:las |los |tus |sus )?(?:instrucciones|indicaciones|reglas|órdenes|directrices|normas) (?:anteriores|previas|iniciales|originales|del sistema|de arriba|que te dieron)',
      '(?:ignora|olvida|olvide|descarta) (?:todas )?(?:las )?tus (?:instrucciones|reglas|directrices|restricciones)',
      'olvida todo (?:lo )?que (?:te )?(?:dijeron|han dicho|se te dijo)',
    ],
  },
  {
    family: 'system-prompt-leak',
    language: 'es',
    weight: 0.75,
    patterns: [
      '(?:revela|revélame|muestra|muéstrame|dime|imprime|repite|escribe|comparte|dame) ~ (?:tu|tus|el|las) (?:prompt|mensaje|instrucciones|indicaciones) (?:del|de) sistema',
      '(?:cuál|cual|qué|que) (?:es|son) (?:tu|tus) (?:prompt|instrucciones) (?:del sistema|de sistema|iniciales|originales|ocultas)',
    ],
  },
  {
    family: 'developer-mode',
    language: 'es',
    weight: 0.8,
    patterns: [
      '(?:estás|estas|eres|actúa|actua|actúas|responde)(?: ahora)? ~ (?:en )?(?:el )?modo (?:desarrollador|de desarrollador|dan|sin restricciones|jailbreak|dios)',
      'modo (?:dan|jailbreak|sin censura)',
    ],
  },
  {
    family: 'role-override',
    language: 'es',
    weight: 0.35,
    patterns: [
      'ahora,? (?:eres|serás|seras|actuarás|actuaras|vas a ser|vas a actuar)',
      '(?:finge|imagina) que eres (?:una? )?(?:ia|inteligencia artificial|modelo|asistente)',
    ],
  },
  {
    family: 'no-restrictions',
    language: 'es',
    weight: 0.55,
    patterns: ['sin (?:ninguna |ningún |ningun |ningunas |ningunos )?(?:restricción|restricciones|filtro|filtros|censura|reglas éticas|límites éticos)'],
  },
];
