BEGIN TRANSACTION;
CREATE TABLE events (
	id INTEGER NOT NULL, 
	code VARCHAR(16) NOT NULL, 
	type VARCHAR(40) NOT NULL, 
	at FLOAT NOT NULL, 
	data JSON NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "events" VALUES(1,'TMVEH','participant_joined',1764600002.0,'{"type": "participant_joined", "pid": "p0", "alias": "a0", "token_hash": "tok0", "name": "Name0", "at": 1764600002.0}');
INSERT INTO "events" VALUES(2,'TMVEH','participant_joined',1764600003.0,'{"type": "participant_joined", "pid": "p1", "alias": "a1", "token_hash": "tok1", "name": "Name1", "at": 1764600003.0}');
INSERT INTO "events" VALUES(3,'TMVEH','participant_joined',1764600004.0,'{"type": "participant_joined", "pid": "p2", "alias": "a2", "token_hash": "tok2", "name": "Name2", "at": 1764600004.0}');
INSERT INTO "events" VALUES(4,'TMVEH','participant_joined',1764600005.0,'{"type": "participant_joined", "pid": "p3", "alias": "a3", "token_hash": "tok3", "name": "Name3", "at": 1764600005.0}');
INSERT INTO "events" VALUES(5,'TMVEH','step_changed',1764600006.0,'{"type": "step_changed", "index": 2, "by": "host", "cid": "h1", "at": 1764600006.0}');
INSERT INTO "events" VALUES(6,'TMVEH','step_changed',1764600007.0,'{"type": "step_changed", "index": 4, "by": "host", "cid": "h2", "at": 1764600007.0}');
INSERT INTO "events" VALUES(7,'TMVEH','vote_cast',1764600008.0,'{"type": "vote_cast", "step": "feel-safe", "by": "p0", "cid": "v0", "answer": 1, "at": 1764600008.0}');
INSERT INTO "events" VALUES(8,'TMVEH','vote_cast',1764600009.0,'{"type": "vote_cast", "step": "feel-safe", "by": "p1", "cid": "v1", "answer": 1, "at": 1764600009.0}');
INSERT INTO "events" VALUES(9,'TMVEH','vote_cast',1764600010.0,'{"type": "vote_cast", "step": "feel-safe", "by": "p2", "cid": "v2", "answer": 1, "at": 1764600010.0}');
INSERT INTO "events" VALUES(10,'TMVEH','vote_cast',1764600011.0,'{"type": "vote_cast", "step": "feel-safe", "by": "p3", "cid": "v3", "answer": 1, "at": 1764600011.0}');
INSERT INTO "events" VALUES(11,'TMVEH','step_changed',1764600012.0,'{"type": "step_changed", "index": 6, "by": "host", "cid": "h3", "at": 1764600012.0}');
INSERT INTO "events" VALUES(12,'TMVEH','reflection_written',1764600013.0,'{"type": "reflection_written", "rid": "rA", "step": "safe-moment", "by": "p0", "cid": "r0", "text": "Een veilige avond", "status": "shown", "at": 1764600013.0}');
INSERT INTO "events" VALUES(13,'TMVEH','couple_formed',1764600014.0,'{"type": "couple_formed", "couple": "AB23", "members": ["p0"], "one_phone": false, "by": "p0", "cid": "c0", "at": 1764600014.0}');
INSERT INTO "events" VALUES(14,'TMVEH','partner_joined',1764600015.0,'{"type": "partner_joined", "couple": "AB23", "by": "p1", "cid": "c1", "at": 1764600015.0}');
INSERT INTO "events" VALUES(15,'TMVEH','step_changed',1764600016.0,'{"type": "step_changed", "index": 13, "by": "host", "cid": "h4", "at": 1764600016.0}');
INSERT INTO "events" VALUES(16,'TMVEH','pair_done',1764600017.0,'{"type": "pair_done", "step": "small-promise", "couple": "AB23", "round": 0, "by": "p0", "cid": "d0", "at": 1764600017.0}');
INSERT INTO "events" VALUES(17,'TMVEH','pair_done',1764600018.0,'{"type": "pair_done", "step": "small-promise", "couple": "AB23", "round": 0, "by": "p1", "cid": "e0", "at": 1764600018.0}');
INSERT INTO "events" VALUES(18,'TMVEH','pair_round_started',1764600018.0,'{"type": "pair_round_started", "step": "small-promise", "couple": "AB23", "round": 1, "reason": "done", "at": 1764600018.0}');
INSERT INTO "events" VALUES(19,'TMVEH','pair_note_written',1764600019.0,'{"type": "pair_note_written", "step": "small-promise", "couple": "AB23", "round": 1, "seat": 0, "by": "p0", "text": "Voor jou", "cid": "n0", "at": 1764600019.0}');
INSERT INTO "events" VALUES(20,'Y9WH9','participant_joined',1764600021.0,'{"type": "participant_joined", "pid": "q0", "alias": "b0", "token_hash": "tokq", "name": "", "at": 1764600021.0}');
INSERT INTO "events" VALUES(21,'Y9WH9','session_ended',1764600022.0,'{"type": "session_ended", "by": "host", "cid": "e1", "at": 1764600022.0}');
CREATE TABLE facilitators (
	name VARCHAR(100) NOT NULL, 
	password_hash VARCHAR(300) NOT NULL, 
	PRIMARY KEY (name)
);
CREATE TABLE sessions (
	code VARCHAR(16) NOT NULL, 
	script_name VARCHAR(200) NOT NULL, 
	script_text TEXT NOT NULL, 
	owner VARCHAR(100) NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	created_at FLOAT NOT NULL, 
	ended_at FLOAT, 
	PRIMARY KEY (code)
);
INSERT INTO "sessions" VALUES('TMVEH','trust.yaml','title: Trust in relationships
language: en
description: >-
  An evening for couples about trust: what it rests on, how you nourish it every day
  and what you can do together when it has taken a knock.
sections:

  # ------------------------------------------------------------------ opening
  - title: Opening
    theme: opening
    steps:
      - id: welcome
        kind: info
        minutes: 5
        notes: |
          Only begin once most couples are seated and the QR code is on the screen.
          Welcome everyone and introduce yourself briefly: who you are and why this theme matters to you.
          Explain that each partner uses their own phone: scan, choose a name or nickname,
          done. Joining usually takes 2 to 3 minutes; walk round to help anyone who gets stuck.
          Mention the length (about two and a half hours, with a break halfway).
        title: Welcome
        body: |
          We are glad you are here, together.

          Tonight is about **trust**: what it rests on, how you make it a little stronger every day, and what you can do when it has taken a knock.

          - Scan the QR code with your own phone
          - Sit next to each other as a couple
          - We take turns: a little listening, a little voting, a little talking together

      - id: ground-rules
        kind: info
        minutes: 2
        notes: |
          Read the agreements out calmly. Stress the anonymity and the right to pass;
          it lowers the threshold for the rest of the evening.
          Ask whether anyone wants to add something. Usually nobody does, but the gesture counts.
        title: How we treat each other
        body: |
          - What you send anonymously stays anonymous: no one sees who wrote what, not even the facilitator.
          - What you write to your partner in an exercise is seen only by your partner.
          - You may always skip. *Pass* is a perfectly good answer.
          - This is not therapy. Choose topics you can safely touch on together tonight.
          - What is shared here stays here.

      - id: trust-word
        kind: poll
        minutes: 4
        notes: |
          The first try-out of the phones. Wait until the word field fills up and read a few
          words aloud. Name the variety: "For one person it is safety, for another calm or
          honesty. That already tells us something."
          If it starts slowly, read out the first words straight away; that draws the rest in.
        question: Which word comes to mind first when you think of trust?
        type: words
        max_words: 3

  # --------------------------------------------------------------- foundation
  - title: Trust as the foundation
    theme: foundation
    steps:
      - id: foundation-intro
        kind: info
        minutes: 3
        notes: |
          Keep it short; the depth comes from the room. An image that works well:
          "You only think about the foundations of your house when a crack appears in the wall."
          You might ask who recognises only noticing trust when it is briefly missing.
        title: The foundation under your relationship
        body: |
          Trust is like a foundation: you usually don''t see it, but everything rests on it.

          It is the quiet certainty that your partner is honest, does what they say and treats you with respect. Even when you disagree for a while.

          Where that foundation is solid, you dare to be **vulnerable**: you show what you really feel, even when that is scary. And that is exactly where a relationship grows.

      - id: feel-safe
        kind: poll
        minutes: 3
        notes: |
          The results stay hidden until you reveal them. Ask couples not to look at each
          other''s screens: "Choose for yourself."
          Reveal only once (nearly) everyone has voted. Discuss the spread without judgement:
          a lower score is not bad news, it is an honest starting point.
          Some couples go quiet after this question. That is normal; you don''t need to do anything with it.
        question: How safe do you feel to be completely yourself with your partner?
        type: scale
        scale:
          min: 1
          max: 5
          min_label: Hardly
          max_label: Completely
        results: reveal

      - id: trust-pillars
        kind: poll
        minutes: 4
        notes: |
          Live results. Ask two or three people (voluntarily) why they chose something.
          Point out that partners often choose differently here, and that it is valuable to
          know that about each other. It is a bridge to the exercises later on.
        question: What does your trust mostly rest on? Choose two.
        type: multiple
        options:
          - Honesty
          - Keeping agreements
          - Respect
          - Being there when it''s hard
          - Openness
          - Patience
          - Loyalty
          - Humour
        max_choices: 2

      - id: safe-moment
        kind: reflection
        minutes: 5
        notes: |
          First give a minute of silence to think, then let people type.
          Afterwards, slowly read a few answers from the wall. They are usually small
          things: a hand, a look, someone who stayed. Name that: trust often lives in the ordinary.
        prompt: >-
          Think of a moment when you felt very safe with your partner.
          What happened, and what made it feel so safe?
        approval: false

  # ------------------------------------------------------------ communication
  - title: Open communication
    theme: communication
    steps:
      - id: communication-intro
        kind: info
        minutes: 3
        notes: |
          Ask: "Who sometimes tends to offer a solution straight away when your partner tells
          you something?" Hands usually go up, with laughter. That is your step into the
          listening exercise.
        title: Talking openly, really listening
        body: |
          Trust grows when you can talk honestly with each other: without secrets or hidden agendas, and also about what chafes.

          Talking openly is only half of it. The other half is **listening**:

          - truly wanting to understand what your partner means
          - not defending, correcting or fixing straight away
          - respecting a point of view that isn''t yours

          Many misunderstandings arise not from what is said, but because someone doesn''t feel heard.

      - id: hard-topic
        kind: poll
        minutes: 3
        notes: |
          Hidden until you reveal; everyone votes for themselves. Then reveal and normalise:
          "Look how many couples find the same thing hard."
          Don''t go into any one topic. This is a mirror, not a discussion.
        question: Which topic is hardest for the two of you to talk about openly?
        type: single
        options:
          - Money
          - Intimacy and sex
          - Family
          - Work and time
          - Household tasks
          - The future
          - Our insecurities
          - Something else
        results: reveal

      - id: listening
        kind: pair
        minutes: 13
        notes: |
          Explain the difference between the roles before you start; if you like, demonstrate
          it in 30 seconds with an imaginary partner. The phones show who starts.
          Give a signal one minute before the end of each round: "Wrap up and summarise."
          Walk round, but keep your distance. If you see a listener starting to give advice
          anyway, a friendly hint is enough: "Just listen."
          After the second round, take a minute: "What was it like to be heard like that?"
        title: Listening without fixing
        roles: speaker-listener
        swap: true
        rounds:
          - minutes: 5
            prompts:
              speaker: >-
                Tell your partner about something that has been on your mind lately, big or small.
                Don''t only say what is happening, but also how it feels to you.
              listener: >-
                Listen without interrupting, without advice and without talking about yourself.
                At the end, sum up in your own words what you heard and ask whether that is right.
          - minutes: 5
            prompts:
              speaker: >-
                Now it is your turn to tell. What has been on your mind lately,
                and how does it feel?
              listener: >-
                Now you listen. No advice, no solutions. At the end, sum up what you
                heard and ask whether that is right.

      - id: feeling-heard
        kind: reflection
        minutes: 4
        notes: |
          Read a few answers aloud. The same things often come back: eye contact, asking
          further, not fixing straight away. Sum them up as a short list couples can take home.
        prompt: What does your partner do (or what could your partner do) that makes you feel truly heard?
        approval: false

  # ---------------------------------------------------------------- integrity
  - title: Integrity and reliability
    theme: integrity
    steps:
      - id: integrity-intro
        kind: info
        minutes: 3
        notes: |
          Make it concrete with an everyday example: "I''ll be home at six", and then walking
          in at half past seven without a message. Once is nothing; the pattern is what counts.
          Stress the part about limits: promising too much is unreliable too.
        title: Doing what you say
        body: |
          Trust grows mostly in small moments. You say you will call, and you call. You agree on something, and you follow through.

          Being reliable means:

          - **doing what you say**, even when no one is checking
          - being predictable in a good way: your partner knows where they stand with you
          - being honest about your limits, so you don''t promise more than you can deliver
          - taking responsibility when it goes wrong anyway

          A small promise you keep often says more than a big one you don''t.

      - id: promise-slips
        kind: poll
        minutes: 3
        notes: |
          Live results. A light tone is fine here: most couples recognise themselves and laugh.
          Make clear that it is not about who gets it wrong, but about the pattern:
          small missed agreements add up.
        question: Which small agreements slip most easily for the two of you? Choose up to three.
        type: multiple
        options:
          - Being on time
          - Saying when you''ll be late
          - Chores at home
          - Calling or texting back
          - Making time together
          - Putting the phone away
          - Sorting things out
          - Agreements about money
        max_choices: 3

      - id: small-promise
        kind: pair
        minutes: 11
        notes: |
          Round 1 is a warm-up: what is already going well? Round 2 is the core.
          Stress that the promise must be small, so small that you will certainly keep it.
          "I''ll listen more" is too big and too vague; "I''ll put my phone away at nine"
          is good. Walk round and help couples who want to start too big.
          The promise is private: only the partner sees it, and only once both have written.
          Ask couples to look back at the promise together next week.
        title: One small promise
        roles: a-b
        swap: false
        rounds:
          - minutes: 4
            prompts:
              a: >-
                You start. Name something small your partner does that you can always count on,
                and say what it means to you. Then listen to your partner.
              b: >-
                First listen to your partner. Then name something small your partner does
                that you can always count on, and say what it means to you.
          - minutes: 5
            prompts:
              a: >-
                Think of one small, concrete promise for the coming week that you can certainly
                keep. Tell it and ask whether it would make a difference to your partner.
              b: >-
                Listen to your partner''s promise and say honestly whether it makes a difference
                to you. Then think of your own small promise and tell it.
            note: Write down your promise for the coming week. What will you do, and when?

      - id: honest-limits
        kind: reflection
        minutes: 4
        notes: |
          This is an honest, somewhat vulnerable question. Give a minute of silence.
          Read answers out without comments that could sound like judgement; "recognisable" is
          often enough. Then announce the break.
        prompt: >-
          Where do you sometimes promise more than you actually can or want to? And what would
          change if you were more honest about that?
        approval: false

      - id: break
        kind: break
        minutes: 10
        notes: |
          Only start the break once everyone has written their promise.
          Stay available in the room yourself; after this exercise people sometimes come with a question.
          Give a signal 2 minutes before the end and check that all phones are still
          connected (Wi-Fi).
          The most sensitive part follows the break: make sure you have had a moment''s rest yourself.
        message: Time for a break. Get something to drink and stretch your legs. We continue in ten minutes.

  # ------------------------------------------------------------------- repair
  - title: Repairing trust
    theme: repair
    steps:
      - id: repair-intro
        kind: info
        minutes: 4
        notes: |
          Speak calmly; this is the most sensitive part of the evening. Say explicitly:
          "Tonight we are not going to discuss the biggest hurt in your relationship. In a
          moment, choose a small, older dent that has largely healed."
          Say that you are available afterwards. If you know a couple is in an acute crisis,
          offer them beforehand the option to keep the exercise light or skip it.
        title: When trust takes a knock
        body: |
          In every relationship things go wrong sometimes: a forgotten agreement, a harsh word, something that was kept quiet. Trust then takes a knock, sometimes small, sometimes big.

          Repair asks something of **both** of you:

          - whoever caused the hurt: acknowledging the pain without making it smaller, showing sincere regret and then visibly doing things differently
          - whoever was hurt: giving room to try again, step by step
          - together: time, patience and honest conversations

          Repair is not a moment but a path. You don''t have to solve anything tonight.

      - id: repair-needs
        kind: poll
        minutes: 3
        notes: |
          Hidden until you reveal. Partners often choose differently here; name that as
          valuable information: "What you need is not automatically what your partner gives."
          That is exactly what the next exercise is about.
        question: What do you need most when your trust has taken a knock?
        type: single
        options:
          - Recognition of my hurt
          - A sincere apology
          - An explanation
          - Time and space
          - Seeing things change
          - Reassurance
        results: reveal

      - id: acknowledging-hurt
        kind: pair
        minutes: 15
        content_note: >-
          In this exercise you talk about a moment when you felt hurt. Choose something
          small that has largely healed. You may always stop or skip.
        notes: |
          Explain that this is not a conversation about who is right: the listener does not
          have to agree with the facts to acknowledge the feeling.
          Walk round slowly and keep your distance. Watch for signs of escalation: voices
          getting louder, someone shutting down or crying. Then sit down calmly with the couple
          and suggest pausing or choosing a smaller topic. Stopping is fine.
          Give a signal one minute before the swap. Close with a moment of silence and a
          thank-you: "This takes courage."
        title: Acknowledging what hurt
        roles: speaker-listener
        swap: true
        rounds:
          - minutes: 6
            prompts:
              speaker: >-
                Tell about a small, older moment when your trust in your partner wavered for a
                while. Say what you felt then and what you needed. Speak from yourself
                ("I felt...") rather than in reproaches.
              listener: >-
                Listen without defending or explaining. Then say what you heard and
                acknowledge the feeling ("I understand that you felt ..."). Then ask what your
                partner needed from you at the time.
          - minutes: 6
            prompts:
              speaker: >-
                Now you tell about a small, older moment when your trust wavered for a while.
                What did you feel, and what did you need? Speak from yourself.
              listener: >-
                Now you listen, without defending. Say what you heard, acknowledge the feeling
                and ask what your partner needed from you at the time.

      - id: rebuilding-trust
        kind: reflection
        minutes: 4
        notes: |
          Answers wait for your approval, because this topic can get personal.
          Approve answers that are recognisable and safe. Leave aside traceable details or very
          raw texts: the writer stays anonymous, but the room doesn''t need to read everything.
          Read a few aloud and close this part warmly.
        prompt: What helps you to start trusting again after a knock?
        approval: true

  # ----------------------------------------------------------------- building
  - title: Building trust
    theme: building
    steps:
      - id: building-intro
        kind: info
        minutes: 3
        notes: |
          After the heavy repair part, this is where you build the energy back up. Lighter in
          tone, with a smile. Ask who has plants at home that are doing well; the comparison
          with watering usually makes itself.
        title: A little every day
        body: |
          Trust is not a possession but something you tend, like a garden. It grows from attention, care and behaviour you keep up.

          What helps:

          - consciously **cherishing** good moments together
          - celebrating successes, the small ones too
          - showing that you see your partner''s efforts
          - patience: trust grows in years, not days

      - id: appreciation-often
        kind: poll
        minutes: 3
        notes: |
          Live results. Most people score themselves in the middle. Say: "Appreciation you feel
          but don''t express doesn''t arrive." That is the bridge to the exercise.
        question: How often do you express your appreciation for your partner?
        type: scale
        scale:
          min: 1
          max: 5
          min_label: Rarely
          max_label: Every day
        results: live

      - id: appreciation
        kind: pair
        minutes: 10
        notes: |
          Ask people to be concrete: not "you''re sweet", but "when you did the shopping last
          week without being asked". The more specific, the better it lands.
          In round 2 each partner writes a sentence in silence. The note only appears for the
          partner once both are done. After reading, allow half a minute of quiet, without music
          or explanation. This is often the warmest moment of the evening.
        title: Expressing appreciation
        roles: a-b
        swap: false
        rounds:
          - minutes: 4
            prompts:
              a: >-
                You start. Tell about a moment in the past month when you were happy with or proud
                of your partner. Be concrete: what exactly did they do?
              b: >-
                First listen to your partner. Then tell your own moment from the past month
                when you were happy with or proud of your partner.
          - minutes: 4
            prompts:
              a: >-
                In silence, write one sentence of appreciation for your partner. Then read each
                other''s note and let it sink in for a moment.
              b: >-
                In silence, write one sentence of appreciation for your partner. Then read each
                other''s note and let it sink in for a moment.
            note: Write your partner one sentence of appreciation. Something you see, feel or admire.

      - id: trust-ritual
        kind: reflection
        minutes: 4
        notes: |
          A practical harvest for the whole room: read many aloud, couples take ideas from
          each other. Think of a regular walk, coffee together before work, a goodnight
          message when you are away from home.
        prompt: >-
          Which small ritual or habit keeps trust warm between the two of you?
          Or which ritual would you like to start?
        approval: false

  # --------------------------------------------------------------------- help
  - title: When you can''t do it together
    theme: help
    steps:
      - id: help-intro
        kind: info
        minutes: 3
        notes: |
          Say this without drama: it is not about "bad" relationships, but about getting
          stuck, and that happens to many couples. Look round; some people will feel this
          applies directly to them. Stay warm and general.
        title: When you can''t do it together
        body: |
          Sometimes you can''t manage to repair trust together. The same argument keeps coming back, conversations get stuck, or you increasingly live side by side. The longer that lasts, the greater the distance usually becomes.

          Seeking help is then **not a failure**. It is a sign that you take the relationship seriously. Someone from outside can help you step out of a fixed pattern and listen to each other again.

          And the sooner, the more there is still to repair.

      - id: help-barriers
        kind: poll
        minutes: 4
        notes: |
          Hidden until you reveal; for many this is a sensitive topic. Reveal and normalise:
          "These are exactly the reasons why couples often wait for years."
          Briefly discuss the two or three most chosen barriers.
        question: What makes it hard to seek help as a couple? Choose up to three.
        type: multiple
        options:
          - Shame
          - Not knowing where to start
          - Cost
          - Partner doesn''t want to
          - Hoping it will pass
          - Fear of judgement
          - No time
          - Feels like giving up
        max_choices: 3
        results: reveal

      - id: advice-to-friends
        kind: reflection
        minutes: 4
        notes: |
          Talking about another couple makes it safer. Read a few answers aloud. People
          usually give others gentler advice than they give themselves; feel free to name that:
          "Perhaps you may take this advice yourself too."
        prompt: >-
          Imagine that a couple you are friends with has been stuck together for months. What
          would you say to encourage them to seek help?
        approval: false

      - id: finding-help
        kind: info
        minutes: 4
        notes: |
          If you like, mention local options aloud, but keep it non-commercial.
          Leave the screen up for a while so people can take a photo.
          Say that you are available afterwards for a personal question.
        title: Where to find help
        body: |
          Seeking help doesn''t have to be big or complicated. A few ways in:

          - **Relationship coaching**: practical guidance to break patterns and get talking again
          - **Couples therapy**: room for deeper pain, old wounds or a breach of trust
          - **Your GP**: a good first way in; you can go together or alone and ask about support near you
          - Check whether the counsellor has experience with couples and whether it clicks; an introductory conversation is quite normal

          Your partner doesn''t want to (yet)? You can also start on your own.

          **Seek help in time.** It is not a sign that you have failed, but that your relationship is worth it.

  # ------------------------------------------------------------------ closing
  - title: Closing
    theme: closing
    steps:
      - id: take-home
        kind: poll
        minutes: 3
        notes: |
          A mirror of the opening. Read the words out slowly and, if it fits, connect them to
          the words from the start of the evening.
        question: Which word do you take home with you tonight?
        type: words
        max_words: 2

      - id: goodbye
        kind: info
        minutes: 5
        notes: |
          Close with the moment towards the partner and let the silence be for a while.
          Thank the room, mention that the notes and promises stay private and that you will
          stay a little longer for anyone who wants to ask something. Finish on time; couples
          often have a babysitter at home.
        title: Thank you
        body: |
          Thank you for your openness, your courage and the attention you gave each other tonight.

          For the way home:

          - keep your small promise this week
          - hold on to your partner''s sentence of appreciation
          - keep listening without fixing straight away

          Turn to your partner one more time and say: *I''m glad you were here with me tonight.*

          Get home safely, and take good care of each other.
','local','live',1764600001.0,NULL);
INSERT INTO "sessions" VALUES('Y9WH9','vertrouwen.yaml','title: Vertrouwen in relaties
language: nl
description: >-
  Een avond voor stellen over vertrouwen: waar het op rust, hoe je het elke dag voedt
  en wat je samen kunt doen als het een deuk heeft gekregen.
sections:

  # ------------------------------------------------------------------ opening
  - title: Opening
    theme: opening
    steps:
      - id: welcome
        kind: info
        minutes: 5
        notes: |
          Begin pas als de meeste stellen zitten en de QR-code op het scherm staat.
          Heet iedereen welkom en stel jezelf kort voor: wie je bent en waarom dit thema je raakt.
          Leg uit dat iedere partner de eigen telefoon gebruikt: scannen, een naam of bijnaam
          kiezen, klaar. Inloggen kost meestal 2 à 3 minuten; loop rond bij wie vastloopt.
          Noem de duur (ongeveer tweeënhalf uur, met een pauze halverwege).
        title: Welkom
        body: |
          Fijn dat jullie er zijn, samen.

          Vanavond gaat het over **vertrouwen**: waar het op rust, hoe je het elke dag een beetje sterker maakt, en wat je kunt doen als het een deuk heeft gekregen.

          - Scan de QR-code met je eigen telefoon
          - Jullie zitten als stel naast elkaar
          - We wisselen af: even luisteren, even stemmen, even samen praten

      - id: ground-rules
        kind: info
        minutes: 2
        notes: |
          Lees de afspraken rustig voor. Benadruk de anonimiteit en het recht om te passen;
          dat verlaagt de drempel voor de rest van de avond.
          Vraag of iemand nog iets wil toevoegen. Meestal niet, maar het gebaar telt.
        title: Zo gaan we met elkaar om
        body: |
          - Wat je anoniem instuurt, blijft anoniem: niemand ziet wie wat schreef, ook de begeleider niet.
          - Wat je in een oefening aan je partner schrijft, ziet alleen je partner.
          - Je mag altijd overslaan. *Pas* is een volwaardig antwoord.
          - Dit is geen therapie. Kies onderwerpen die je vanavond veilig samen kunt aanraken.
          - Wat hier gedeeld wordt, blijft hier.

      - id: trust-word
        kind: poll
        minutes: 4
        notes: |
          Eerste kennismaking met de telefoons. Wacht tot het woordenveld zich vult en lees een
          paar woorden hardop voor. Benoem de variatie: "Voor de een is het veiligheid, voor de
          ander rust of eerlijkheid. Dat zegt al iets."
          Komt het traag op gang, lees dan de eerste woorden alvast voor; dat trekt de rest over de streep.
        question: Welk woord komt als eerste bij je op als je aan vertrouwen denkt?
        type: words
        max_words: 3

  # --------------------------------------------------------------- foundation
  - title: Vertrouwen als basis
    theme: foundation
    steps:
      - id: foundation-intro
        kind: info
        minutes: 3
        notes: |
          Houd het kort; de verdieping komt uit de zaal. Een beeld dat goed werkt:
          "Aan de fundering van je huis denk je pas als er een scheur in de muur zit."
          Vraag eventueel wie herkent dat je vertrouwen pas opmerkt als het even mist.
        title: Het fundament onder jullie relatie
        body: |
          Vertrouwen is als een fundament: je ziet het meestal niet, maar alles rust erop.

          Het is de stille zekerheid dat je partner eerlijk is, doet wat die zegt en je met respect behandelt. Ook als jullie het even niet eens zijn.

          Waar dat fundament stevig is, durf je **kwetsbaar** te zijn: je laat zien wat je echt voelt, ook als dat spannend is. En juist daar groeit een relatie.

      - id: feel-safe
        kind: poll
        minutes: 3
        notes: |
          De resultaten blijven verborgen tot jij ze toont. Vraag stellen om niet op elkaars
          scherm te kijken: "Kies voor jezelf."
          Toon pas als (bijna) iedereen heeft gestemd. Bespreek de verdeling zonder oordeel:
          een lagere score is geen slecht nieuws, maar een eerlijk vertrekpunt.
          Sommige stellen worden na deze vraag even stil. Dat is normaal; je hoeft er niets mee.
        question: Hoe veilig voel jij je om bij je partner helemaal jezelf te zijn?
        type: scale
        scale:
          min: 1
          max: 5
          min_label: Nauwelijks
          max_label: Helemaal
        results: reveal

      - id: trust-pillars
        kind: poll
        minutes: 4
        notes: |
          Live resultaten. Vraag twee of drie mensen (vrijwillig) waarom ze iets kozen.
          Wijs erop dat partners hier vaak verschillend kiezen, en dat het waardevol is om dat
          van elkaar te weten. Het is een bruggetje naar de oefeningen straks.
        question: Waar rust jouw vertrouwen vooral op? Kies er twee.
        type: multiple
        options:
          - Eerlijkheid
          - Afspraken nakomen
          - Respect
          - Er zijn als het zwaar is
          - Openheid
          - Geduld
          - Loyaliteit
          - Humor
        max_choices: 2

      - id: safe-moment
        kind: reflection
        minutes: 5
        notes: |
          Geef eerst een minuut stilte om te denken, dan pas typen.
          Lees daarna langzaam een paar antwoorden van de muur voor. Meestal zijn het kleine
          dingen: een hand, een blik, iemand die bleef. Benoem dat: vertrouwen zit vaak in het gewone.
        prompt: >-
          Denk aan een moment waarop je je heel veilig voelde bij je partner.
          Wat gebeurde er, en wat maakte het zo veilig?
        approval: false

  # ------------------------------------------------------------ communication
  - title: Open communicatie
    theme: communication
    steps:
      - id: communication-intro
        kind: info
        minutes: 3
        notes: |
          Vraag: "Wie heeft weleens de neiging om meteen een oplossing te geven als je partner
          iets vertelt?" Meestal gaan er lachend handen omhoog. Dat is je opstap naar de
          luisteroefening.
        title: Open praten, echt luisteren
        body: |
          Vertrouwen groeit als je eerlijk met elkaar kunt praten: zonder geheimen of verborgen agenda, en ook over wat schuurt.

          Open praten is maar de helft. De andere helft is **luisteren**:

          - echt willen begrijpen wat je partner bedoelt
          - niet meteen verdedigen, verbeteren of oplossen
          - respect voor een standpunt dat niet het jouwe is

          Veel misverstanden ontstaan niet door wat er gezegd wordt, maar doordat iemand zich niet gehoord voelt.

      - id: hard-topic
        kind: poll
        minutes: 3
        notes: |
          Verborgen tot jij toont; iedereen stemt voor zichzelf. Toon daarna en normaliseer:
          "Kijk hoeveel stellen hetzelfde lastig vinden."
          Ga niet inhoudelijk in op één onderwerp. Dit is een spiegel, geen discussie.
        question: Over welk onderwerp is open praten bij jullie het lastigst?
        type: single
        options:
          - Geld
          - Intimiteit en seks
          - Familie
          - Werk en tijd
          - Taken in huis
          - De toekomst
          - Eigen onzekerheden
          - Iets anders
        results: reveal

      - id: listening
        kind: pair
        minutes: 13
        notes: |
          Leg het verschil tussen de rollen uit vóór je start; doe het eventueel in 30 seconden
          voor met een denkbeeldige partner. Telefoons geven aan wie begint.
          Geef een minuut voor het eind van elke ronde een seintje: "Rond af en vat samen."
          Loop rond, maar blijf op afstand. Zie je een luisteraar die toch gaat adviseren,
          dan is een vriendelijke hint genoeg: "Alleen luisteren."
          Neem na de tweede ronde een minuut: "Hoe was het om zo gehoord te worden?"
        title: Luisteren zonder te repareren
        roles: speaker-listener
        swap: true
        rounds:
          - minutes: 5
            prompts:
              speaker: >-
                Vertel je partner over iets wat je de laatste tijd bezighoudt, groot of klein.
                Vertel niet alleen wat er gebeurt, maar ook hoe het voor je voelt.
              listener: >-
                Luister zonder te onderbreken, zonder advies en zonder het over jezelf te hebben.
                Vat aan het eind in je eigen woorden samen wat je hoorde en vraag of het klopt.
          - minutes: 5
            prompts:
              speaker: >-
                Nu ben jij aan de beurt om te vertellen. Wat houdt je de laatste tijd bezig,
                en hoe voelt dat?
              listener: >-
                Nu luister jij. Geen advies, geen oplossingen. Vat aan het eind samen wat je
                hoorde en vraag of het klopt.

      - id: feeling-heard
        kind: reflection
        minutes: 4
        notes: |
          Lees een paar antwoorden voor. Vaak komen dezelfde dingen terug: aankijken, doorvragen,
          niet meteen oplossen. Vat ze samen als een klein lijstje dat stellen mee naar huis nemen.
        prompt: Wat doet je partner (of zou je partner kunnen doen) waardoor jij je echt gehoord voelt?
        approval: false

  # ---------------------------------------------------------------- integrity
  - title: Integriteit en betrouwbaarheid
    theme: integrity
    steps:
      - id: integrity-intro
        kind: info
        minutes: 3
        notes: |
          Maak het concreet met een alledaags voorbeeld: "Ik ben om zes uur thuis" en dan om
          half acht binnenkomen zonder bericht. Eén keer is niets; het patroon telt.
          Benadruk het stuk over grenzen: te veel beloven is ook onbetrouwbaar.
        title: Doen wat je zegt
        body: |
          Vertrouwen groeit vooral in kleine momenten. Je zegt dat je belt, en je belt. Je spreekt iets af, en je komt het na.

          Betrouwbaar zijn betekent:

          - **doen wat je zegt**, ook als niemand het controleert
          - voorspelbaar zijn in het goede: je partner weet wat die aan je heeft
          - eerlijk zijn over je grenzen, zodat je niet meer belooft dan je kunt waarmaken
          - verantwoordelijkheid nemen als het toch misgaat

          Een kleine belofte die je nakomt, zegt vaak meer dan een grote die je niet waarmaakt.

      - id: promise-slips
        kind: poll
        minutes: 3
        notes: |
          Live resultaten. Een lichte toon mag hier: de meeste stellen herkennen zich en lachen.
          Maak duidelijk dat het niet gaat om wie het fout doet, maar om het patroon:
          kleine gemiste afspraken tellen op.
        question: Welke kleine afspraken schieten er bij jullie het makkelijkst bij in? Kies er maximaal drie.
        type: multiple
        options:
          - Op tijd zijn
          - Melden als het later wordt
          - Klusjes in huis
          - Terugbellen of -appen
          - Samen tijd vrijmaken
          - Telefoon wegleggen
          - Iets regelen
          - Afspraken over geld
        max_choices: 3

      - id: small-promise
        kind: pair
        minutes: 11
        notes: |
          Ronde 1 is opwarmen: wat gaat er al goed? Ronde 2 is de kern.
          Benadruk dat de belofte klein moet zijn, zo klein dat je hem zeker waarmaakt.
          "Ik ga meer luisteren" is te groot en te vaag; "Ik leg om negen uur mijn telefoon weg"
          is goed. Loop rond en help stellen die te groot willen beginnen.
          De belofte is privé: alleen de partner ziet hem, pas als beiden hebben geschreven.
          Vraag stellen de belofte volgende week samen even na te lopen.
        title: Eén kleine belofte
        roles: a-b
        swap: false
        rounds:
          - minutes: 4
            prompts:
              a: >-
                Jij begint. Noem iets kleins dat je partner doet waar je altijd op kunt rekenen,
                en vertel wat dat voor je betekent. Luister daarna naar je partner.
              b: >-
                Luister eerst naar je partner. Noem daarna zelf iets kleins dat je partner doet
                waar je altijd op kunt rekenen, en vertel wat dat voor je betekent.
          - minutes: 5
            prompts:
              a: >-
                Bedenk één kleine, concrete belofte voor de komende week die je zeker kunt
                waarmaken. Vertel hem en vraag of dit voor je partner verschil maakt.
              b: >-
                Luister naar de belofte van je partner en zeg eerlijk of die voor jou verschil
                maakt. Bedenk daarna je eigen kleine belofte en vertel hem.
            note: Schrijf je belofte voor de komende week op. Wat ga je doen, en wanneer?

      - id: honest-limits
        kind: reflection
        minutes: 4
        notes: |
          Dit is een eerlijke, wat kwetsbare vraag. Geef een minuut stilte.
          Lees antwoorden voor zonder commentaar dat als oordeel kan klinken; "herkenbaar" is
          vaak genoeg. Kondig daarna de pauze aan.
        prompt: >-
          Waar beloof je soms meer dan je eigenlijk kunt of wilt? En wat zou er veranderen
          als je daar eerlijker over was?
        approval: false

      - id: break
        kind: break
        minutes: 10
        notes: |
          Start de pauze pas als iedereen de belofte heeft geschreven.
          Blijf zelf in de zaal beschikbaar; na deze oefening komen soms mensen met een vraag.
          Geef 2 minuten voor het eind een seintje en controleer of alle telefoons nog
          verbonden zijn (Wi-Fi).
          Na de pauze volgt het gevoeligste blok: zorg dat je zelf even rust hebt genomen.
        message: Tijd voor een pauze. Pak iets te drinken en strek je benen. Over tien minuten gaan we verder.

  # ------------------------------------------------------------------- repair
  - title: Vertrouwen herstellen
    theme: repair
    steps:
      - id: repair-intro
        kind: info
        minutes: 4
        notes: |
          Spreek rustig; dit is het gevoeligste deel van de avond. Zeg expliciet:
          "We gaan vanavond niet de grootste pijn uit jullie relatie bespreken. Kies straks een
          kleine, oudere deuk die al grotendeels geheeld is."
          Zeg dat je na afloop beschikbaar bent. Weet je dat een stel in een acute crisis zit,
          bied dan vooraf de mogelijkheid om de oefening licht te houden of over te slaan.
        title: Als vertrouwen een deuk krijgt
        body: |
          In elke relatie gaat weleens iets mis: een vergeten afspraak, een hard woord, iets wat verzwegen werd. Vertrouwen krijgt dan een deuk, soms klein, soms groot.

          Herstel vraagt iets van **allebei**:

          - wie pijn deed: de pijn erkennen zonder die kleiner te maken, oprecht spijt tonen en het daarna zichtbaar anders doen
          - wie gekwetst is: ruimte geven om het opnieuw te proberen, stap voor stap
          - samen: tijd, geduld en eerlijke gesprekken

          Herstel is geen moment maar een weg. Je hoeft vanavond niets op te lossen.

      - id: repair-needs
        kind: poll
        minutes: 3
        notes: |
          Verborgen tot jij toont. Partners kiezen hier vaak verschillend; benoem dat als
          waardevolle informatie: "Wat jij nodig hebt, is niet vanzelf wat je partner geeft."
          Dat is precies waar de volgende oefening over gaat.
        question: Wat heb jij het meest nodig als je vertrouwen een deuk heeft gekregen?
        type: single
        options:
          - Erkenning van mijn pijn
          - Oprechte excuses
          - Uitleg wat er gebeurde
          - Tijd en ruimte
          - Zien dat het anders gaat
          - Geruststelling
        results: reveal

      - id: acknowledging-hurt
        kind: pair
        minutes: 15
        content_note: >-
          In deze oefening praat je over een moment waarop je je gekwetst voelde. Kies iets
          kleins dat al grotendeels geheeld is. Je mag altijd stoppen of overslaan.
        notes: |
          Leg uit dat dit geen gesprek is over wie gelijk heeft: de luisteraar hoeft het niet
          eens te zijn met de feiten om het gevoel te erkennen.
          Loop langzaam rond en blijf op afstand. Let op signalen van escalatie: stemmen die
          harder worden, iemand die dichtklapt of huilt. Ga dan rustig bij het stel zitten en
          stel voor om te pauzeren of een kleiner onderwerp te kiezen. Stoppen is prima.
          Geef een minuut voor de wissel een seintje. Sluit af met een moment stilte en een
          bedankje: "Dit vraagt moed."
        title: Erkennen wat pijn deed
        roles: speaker-listener
        swap: true
        rounds:
          - minutes: 6
            prompts:
              speaker: >-
                Vertel over een klein, ouder moment waarop je vertrouwen in je partner even
                wankelde. Vertel wat je toen voelde en wat je nodig had. Spreek vanuit jezelf
                ("ik voelde...") en niet in verwijten.
              listener: >-
                Luister zonder te verdedigen of uit te leggen. Zeg daarna wat je hoorde en
                erken het gevoel ("ik begrijp dat je je ... voelde"). Vraag dan wat je partner
                toen van jou nodig had.
          - minutes: 6
            prompts:
              speaker: >-
                Nu vertel jij over een klein, ouder moment waarop je vertrouwen even wankelde.
                Wat voelde je, en wat had je nodig? Spreek vanuit jezelf.
              listener: >-
                Nu luister jij, zonder te verdedigen. Zeg wat je hoorde, erken het gevoel en
                vraag wat je partner toen van jou nodig had.

      - id: rebuilding-trust
        kind: reflection
        minutes: 4
        notes: |
          Antwoorden wachten op jouw goedkeuring, want dit onderwerp kan persoonlijk worden.
          Keur antwoorden goed die herkenbaar en veilig zijn. Laat herleidbare details of heel
          rauwe teksten liggen: de schrijver blijft anoniem, maar de zaal hoeft niet alles te lezen.
          Lees er een paar voor en sluit het blok warm af.
        prompt: Wat helpt jou om na een deuk weer te gaan vertrouwen?
        approval: true

  # ----------------------------------------------------------------- building
  - title: Bouwen aan vertrouwen
    theme: building
    steps:
      - id: building-intro
        kind: info
        minutes: 3
        notes: |
          Na het zware herstelblok bouw je hier de energie weer op. Lichter van toon, met een
          glimlach. Vraag wie thuis planten heeft die het goed doen; de vergelijking met
          water geven werkt meestal vanzelf.
        title: Elke dag een beetje
        body: |
          Vertrouwen is geen bezit, maar iets wat je onderhoudt, zoals een tuin. Het groeit van aandacht, zorg en gedrag dat je volhoudt.

          Wat helpt:

          - mooie momenten samen bewust **koesteren**
          - successen vieren, ook de kleine
          - laten merken dat je de moeite van je partner ziet
          - geduld: vertrouwen groeit in jaren, niet in dagen

      - id: appreciation-often
        kind: poll
        minutes: 3
        notes: |
          Live resultaten. De meeste mensen scoren zichzelf in het midden. Zeg: "Waardering die
          je voelt maar niet uitspreekt, komt niet aan." Dat is de brug naar de oefening.
        question: Hoe vaak spreek jij je waardering voor je partner uit?
        type: scale
        scale:
          min: 1
          max: 5
          min_label: Zelden
          max_label: Elke dag
        results: live

      - id: appreciation
        kind: pair
        minutes: 10
        notes: |
          Vraag om concreet te zijn: niet "je bent lief", maar "toen je vorige week zonder te
          vragen de boodschappen deed". Hoe specifieker, hoe beter het aankomt.
          In ronde 2 schrijft ieder in stilte een zin. Het briefje verschijnt pas bij de
          partner als beiden klaar zijn. Geef na het lezen een halve minuut rust, zonder muziek
          of uitleg. Dit is vaak het warmste moment van de avond.
        title: Waardering uitspreken
        roles: a-b
        swap: false
        rounds:
          - minutes: 4
            prompts:
              a: >-
                Jij begint. Vertel over een moment van de afgelopen maand waarop je blij of trots
                was op je partner. Wees concreet: wat deed die precies?
              b: >-
                Luister eerst naar je partner. Vertel daarna jouw moment van de afgelopen maand
                waarop je blij of trots was op je partner.
          - minutes: 4
            prompts:
              a: >-
                Schrijf in stilte één zin waardering voor je partner. Lees daarna elkaars
                briefje en laat het even binnenkomen.
              b: >-
                Schrijf in stilte één zin waardering voor je partner. Lees daarna elkaars
                briefje en laat het even binnenkomen.
            note: Schrijf je partner één zin waardering. Iets wat je ziet, voelt of bewondert.

      - id: trust-ritual
        kind: reflection
        minutes: 4
        notes: |
          Een praktische oogst voor de hele zaal: lees er veel voor, stellen nemen ideeën van
          elkaar mee. Denk aan een vaste wandeling, samen koffie voor het werk, een
          welterusten-bericht als je niet thuis bent.
        prompt: >-
          Welk klein ritueel of welke gewoonte houdt bij jullie het vertrouwen warm?
          Of welk ritueel zouden jullie willen beginnen?
        approval: false

  # --------------------------------------------------------------------- help
  - title: Als het samen niet lukt
    theme: help
    steps:
      - id: help-intro
        kind: info
        minutes: 3
        notes: |
          Spreek dit zonder dramatiek uit: het gaat niet over "slechte" relaties, maar over
          vastlopen, en dat overkomt veel stellen. Kijk rond; sommige mensen voelen zich hier
          rechtstreeks aangesproken. Blijf warm en algemeen.
        title: Als het samen niet lukt
        body: |
          Soms lukt het niet om vertrouwen samen te herstellen. Dezelfde ruzie komt steeds terug, gesprekken lopen vast, of jullie leven steeds meer langs elkaar heen. Hoe langer dat duurt, hoe groter de afstand meestal wordt.

          Hulp zoeken is dan **geen falen**. Het is een teken dat je de relatie serieus neemt. Iemand van buiten kan helpen om uit een vast patroon te stappen en weer naar elkaar te luisteren.

          En hoe eerder, hoe meer er nog te herstellen valt.

      - id: help-barriers
        kind: poll
        minutes: 4
        notes: |
          Verborgen tot jij toont; voor velen is dit een gevoelig onderwerp. Toon en normaliseer:
          "Dit zijn precies de redenen waarom stellen vaak jaren wachten."
          Ga kort in op de twee of drie meest gekozen drempels.
        question: Wat maakt het moeilijk om als stel hulp te zoeken? Kies er maximaal drie.
        type: multiple
        options:
          - Schaamte
          - Niet weten waar te beginnen
          - Kosten
          - Partner wil niet
          - Hopen dat het overgaat
          - Bang voor een oordeel
          - Geen tijd
          - Voelt als opgeven
        max_choices: 3
        results: reveal

      - id: advice-to-friends
        kind: reflection
        minutes: 4
        notes: |
          Door het over een ander stel te hebben, wordt het veiliger. Lees een paar antwoorden
          voor. Meestal geven mensen anderen milder advies dan zichzelf; benoem dat gerust:
          "Misschien mag je dit advies ook zelf aannemen."
        prompt: >-
          Stel dat bevriende stellen al maanden samen vastlopen. Wat zou je tegen ze zeggen om
          ze aan te moedigen hulp te zoeken?
        approval: false

      - id: finding-help
        kind: info
        minutes: 4
        notes: |
          Noem eventueel mondeling lokale mogelijkheden, maar houd het niet commercieel.
          Laat het scherm even staan zodat mensen een foto kunnen maken.
          Zeg dat je na afloop beschikbaar bent voor een persoonlijke vraag.
        title: Waar vind je hulp?
        body: |
          Hulp zoeken hoeft niet groot of ingewikkeld te zijn. Een paar wegen:

          - **Relatiecoaching**: praktische begeleiding om patronen te doorbreken en weer in gesprek te komen
          - **Relatietherapie**: ruimte voor diepere pijn, oude wonden of een vertrouwensbreuk
          - **Je huisarts**: een goede eerste ingang; je kunt samen of alleen gaan en vragen naar begeleiding bij jou in de buurt
          - Let op of de begeleider ervaring heeft met stellen en of het klikt; een kennismakingsgesprek is heel gewoon

          Wil je partner (nog) niet? Je kunt ook alleen beginnen.

          **Zoek op tijd hulp.** Het is geen teken dat jullie gefaald hebben, maar dat jullie relatie het waard is.

  # ------------------------------------------------------------------ closing
  - title: Afsluiting
    theme: closing
    steps:
      - id: take-home
        kind: poll
        minutes: 3
        notes: |
          Spiegel van de opening. Lees de woorden langzaam voor en leg, als het past, een
          verbinding met de woorden van het begin van de avond.
        question: Welk woord neem je vanavond mee naar huis?
        type: words
        max_words: 2

      - id: goodbye
        kind: info
        minutes: 5
        notes: |
          Sluit af met het moment naar de partner en laat de stilte even bestaan.
          Bedank de zaal, noem dat de briefjes en beloften privé blijven en dat je nog even
          blijft voor wie iets wil vragen. Rond op tijd af; stellen hebben vaak een oppas thuis.
        title: Dank jullie wel
        body: |
          Dank je wel voor jullie openheid, jullie moed en de aandacht die jullie elkaar vanavond gaven.

          Voor onderweg:

          - kom je kleine belofte deze week na
          - bewaar de zin van waardering van je partner
          - blijf luisteren zonder meteen te repareren

          Draai je nog één keer naar je partner en zeg: *fijn dat je er vanavond bij was.*

          Goed thuis, en zorg goed voor elkaar.
','local','live',1764600020.0,1764600022.0);
CREATE TABLE settings (
	"key" VARCHAR(100) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO "settings" VALUES('secret_key','legacy-secret');
CREATE INDEX ix_events_code ON events (code);
COMMIT;
