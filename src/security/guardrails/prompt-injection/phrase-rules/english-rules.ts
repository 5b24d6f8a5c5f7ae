import type { PhraseRuleSource } from '../phrase-rule.js';

// Objects an attacker tells the model to drop. "message" is left out on purpose: "ignore my previous
// message" is how people correct themselves.
const ORDERS = '(?:instructions?|prompts?|rules|directions|directives|guidelines|commands|orders|programming|constraints|guardrails|restrictions|policies|training|context)';
const EARLIER = '(?:previous|prior|preceding|above|earlier|former|original|initial|old|existing|system|developer|safety)';
const REVOKED = '(?:void|null|cancell?ed|revoked|overridden|suspended|lifted|no longer (?:valid|in effect|apply))';
const DROP = '(?:ignore|disregard|forget|override|bypass|neglect|abandon|discard|set aside|throw out|skip)';

/** English rules. Weights: 0.8 blocks alone at the default threshold (0.7); 0.3–0.55 needs company. */
export const ENGLISH_RULES: PhraseRuleSource[] = [
  {
    family: 'ignore-instructions',
    language: 'en',
    weight: 0.8,
    patterns: [
      `${DROP} (?:all |any |every )?(?:of )?(?:the |your |these |those |its |their |all )?${EARLIER}(?: and [a-z]+)? ${ORDERS}`,
      `${DROP} (?:all )?(?:of )?your (?:instructions|rules|guidelines|programming|training|restrictions|filters|system prompt)`,
      `${DROP} (?:all )?(?:of )?(?:the )?(?:above|foregoing|preceding)(?: text| content| prompt)? (?:and|instead)`,
      `forget (?:everything|all) (?:you (?:were|have been|'ve been) told|(?:that )?(?:was )?(?:said |written )?(?:above|before|so far))`,
      `(?:do not|don't|stop|no longer) (?:follow|obey|listen to|adhere to)(?:ing)? (?:your|the|any) (?:previous |prior |original |system |old )?${ORDERS}`,
      // "The old instructions are obsolete" is how a team announces a new process; revoked orders are not.
      `(?:your|the|all) (?:previous|prior|original) ${ORDERS} (?:are|were|have been|is) (?:now )?${REVOKED}`,
      `(?:previous|prior|original) ${ORDERS} (?:are|were|have been|is) (?:now )?${REVOKED}`,
    ],
  },
  {
    family: 'system-prompt-leak',
    language: 'en',
    weight: 0.75,
    patterns: [
      '(?:reveal|show|print|display|output|repeat|dump|leak|disclose|recite|spell out|write out|tell me|give me|share|paste|copy|translate) ~ your (?:(?:full|entire|complete|exact|original|initial|hidden|secret|internal|real) )?(?:system|initial|original|hidden|secret|internal|developer|pre)(?:-| )?(?:prompt|instructions|message|directives|rules)',
      '(?:reveal|print|output|repeat|dump|leak|disclose|recite) ~ the (?:system|initial|hidden) (?:prompt|instructions|message) (?:you (?:were|have been) given|you received|above|verbatim)',
      'what (?:is|are|were|was) your (?:system|initial|original|hidden|secret|exact) (?:prompt|instructions)',
      '(?:repeat|print|output|recite|write out) (?:all )?(?:of )?(?:the )?(?:text|words|everything|content|lines) (?:above|before this|preceding)(?: this)?(?: line| message| point)?(?:,|\\.| verbatim| starting| word for word| in a code block)',
      'everything (?:above|before) (?:this|the first) (?:line|message|sentence) (?:verbatim|word for word)',
    ],
  },
  {
    family: 'developer-mode',
    language: 'en',
    weight: 0.8,
    patterns: [
      '(?:developer|dev|god|debug|sudo|admin|maintenance|unrestricted) mode (?:enabled|activated|is (?:now )?(?:on|enabled|active)|output|response)',
      '(?:you are|you\'re|you will be|act as|simulate|pretend to be|respond as|behave as) ~ (?:in |with |an? )?(?:developer|dev|god|debug|sudo|jailbreak|jailbroken|unrestricted|dan) mode',
      '(?:chatgpt|gpt-?[0-9o]*|claude|gemini|llama|the ai|the assistant|the model|an ai|llm) ~ (?:in |with )?(?:developer|dev|god|jailbreak|jailbroken|dan) mode',
      '(?:enable|activate|enter|switch to|turn on|unlock) (?:the )?(?:dan|jailbreak|jailbroken|god|unrestricted) mode',
    ],
  },
  {
    family: 'jailbreak-persona',
    language: 'en',
    weight: 0.8,
    patterns: [
      'do anything now',
      'always intelligent and machiavellian',
      '(?:mongo tom|evil confidant|anti-?dan|better(?: |)dan|basedgpt|evilbot|chaosgpt|wormgpt|antigpt)(?![a-z])',
      'jailbroken (?:ai|assistant|chatbot|model|llm|version|persona|mode|gpt|chatgpt)',
      '(?<=\\[(?:🔓|🔒)?\\s?)jailbreak\\]',
    ],
  },
  {
    // Persona acronyms in capitals only: "act as DAN" is the jailbreak, "you are Dan" may be a name.
    family: 'jailbreak-persona',
    language: 'en',
    name: 'acronym',
    caseSensitive: true,
    weight: 0.8,
    patterns: [
      '(?<=(?:[Yy]ou are|[Yy]ou\'re|YOU ARE|[Aa]ct as|ACT AS|[Pp]retend to be|[Bb]ecome|[Rr]oleplay as|[Ss]imulate|[Rr]espond as|[Aa]nswer as|[Cc]alled|[Nn]amed) (?:now )?(?:a |an |the )?)(?:DAN|STAN|DUDE|AIM|UCAR|OMEGA|APOPHIS)(?![A-Za-z])',
      '(?:DAN|STAN|AIM) (?:[Mm]ode|stands for|which stands for)',
      '(?<=(?:^|\\n)\\s?)(?:DAN|STAN|AIM|DUDE)\\s?:',
    ],
  },
  {
    family: 'no-restrictions',
    language: 'en',
    weight: 0.55,
    patterns: [
      '(?:unfiltered|uncensored|unrestricted|amoral|unethical|unbound|unshackled|unlimited) (?:ai|assistant|chatbot|model|version|persona|character|llm|gpt|chatgpt|response)',
      '(?:without|free (?:of|from)|no|(?:not|no longer) bound by|doesn\'t have|does not have|don\'t have any|has no|have no) (?:any |all )?(?:of )?(?:the )?(?:typical |usual |ethical |moral |content |safety )?(?:restrictions|filters|filtering|limitations|limits|censorship|guidelines|boundaries|confines|rules|morals|ethics)',
      '(?:doesn\'t|does not|don\'t|do not|never|won\'t|will not) (?:have to )?(?:abide by|follow|care about|adhere to|comply with) (?:any |the )?(?:rules|policies|guidelines|ethics|content polic)',
      'broken free of',
    ],
  },
  {
    family: 'role-override',
    language: 'en',
    weight: 0.35,
    patterns: [
      'you are (?:now|no longer) (?!able|connected|logged|ready|done|set|subscribed|registered|signed|in the|on the)',
      'from now on,? (?:you (?:are|will|must|shall)|your (?:name|role|task|job) is)',
      '(?:pretend|imagine) (?:that )?you (?:are|have) (?:an? )?(?:ai|model|assistant|chatbot|llm|system|version) ',
      'your (?:new )?(?:role|persona|identity|purpose) (?:is|will be) now',
      'you (?:will|must|shall) (?:now )?(?:act|behave|respond|answer|reply) as',
      '(?:stay|remain) in character',
    ],
  },
  {
    family: 'policy-bypass',
    language: 'en',
    weight: 0.45,
    patterns: [
      '(?:bypass|override|ignore|disable|circumvent|evade|turn off|switch off|deactivate|get around|break) ~ (?:safety|content|ethical|moral|openai|anthropic|usage|security|alignment) (?:filters?|polic(?:y|ies)|guidelines|restrictions|protocols|guardrails|measures|rules|training|constraints)',
      '(?:openai|anthropic|google)(?:\'s)? (?:content |usage )?polic(?:y|ies) (?:do(?:es)? not|no longer|don\'t) apply',
    ],
  },
  {
    family: 'policy-bypass',
    language: 'en',
    name: 'pretext',
    weight: 0.45,
    patterns: ['this is (?:a |an )?(?:authorized|authorised|sanctioned|approved) (?:red(?:-| )team|security|penetration|jailbreak) (?:test|exercise|request)'],
  },
  {
    family: 'indirect-injection',
    language: 'en',
    weight: 0.7,
    patterns: [
      '(?:attention|important|note|message|instructions?|notice)(?: to| for)? (?:all |any |the )?(?:ai|llm|assistant|chatbot|language model|gpt|claude)s?(?: agents?| models?| assistants?| systems?)?(?: reading this)?\\s?[:!]',
      '(?:if|when) you are an? (?:ai|llm|language model|assistant|chatbot|automated agent)(?: reading| processing| summari[sz]ing)? ~ (?:you must|you should|ignore|disregard|do not|please)',
      '(?:ai|llm) (?:assistants?|agents?|models?) (?:reading|processing|summari[sz]ing|browsing) this (?:page|document|email|text|message)',
    ],
  },
  {
    // Hiding something from the user is a separate cue from addressing the model, so the two add up.
    family: 'indirect-injection',
    language: 'en',
    name: 'conceal',
    weight: 0.6,
    patterns: [
      '(?:do not|don\'t|never) (?:tell|inform|mention|reveal|disclose|alert|notify) ~ (?:to )?the user',
      'without (?:telling|informing|notifying|alerting) the user',
    ],
  },
  {
    family: 'exfiltration',
    language: 'en',
    weight: 0.6,
    patterns: [
      '(?:send|forward|post|upload|exfiltrate|transmit|email|leak) ~ (?:conversation|chat history|api keys?|credentials|passwords?|secrets|access tokens?|user(?:\'s)? (?:data|details|messages)|previous messages|system prompt|memory) (?:to|at|via) ~ (?:https?:|[a-z0-9.-]+@[a-z0-9.-]+|the (?:url|address|webhook|endpoint))',
    ],
  },
  {
    // A markdown image whose URL carries a template slot: the client renders it and sends the data.
    family: 'exfiltration',
    language: 'en',
    name: 'markdown-image',
    weight: 0.8,
    patterns: ['(?<=!\\[[^\\]\\n]{0,60}\\]\\()https?:[^)\\s]{1,200}[?&][a-z_]{1,20}=(?:\\{|%7b|\\$|<)'],
  },
  {
    family: 'new-instructions',
    language: 'en',
    weight: 0.35,
    patterns: [
      '(?:new|updated|revised|real|actual|true) (?:system )?instructions\\s?:',
      'your (?:new|real|actual|true) (?:task|instructions|goal|objective|mission|purpose) (?:is|are)',
      '(?:end|ignore) of (?:system|user) (?:prompt|instructions|input|message)',
    ],
  },
];
