package org.trdoutcomes.generate;

import static org.trdoutcomes.rules.DrugClass.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.trdoutcomes.rules.Dose;
import org.trdoutcomes.rules.DoseUnit;
import org.trdoutcomes.rules.DrugClass;

/**
 * The treatments the generator writes, hard-coded on purpose: the sample data must not depend on the
 * catalogue it is meant to exercise. Names, synonyms and minimum doses are copied from docs/clinical-rules.md §1
 * (MGH-ATRQ minimum doses); typical and low doses are what clinic letters show, so that some trials are
 * under-dosed (pseudo-resistance) the way real registries are.
 */
final class SampleTreatments {

    /**
     * One treatment the generator can write.
     *
     * @param minimumDose   MGH-ATRQ minimum for antidepressants, null otherwise
     * @param unit          the unit written next to a dose
     * @param typicalDoses  doses drawn for an ordinary trial (empty: dose column left blank, e.g. IV ketamine in mg/kg)
     * @param lowDoses      doses below the minimum, drawn for under-dosed trials
     * @param sessions      min and max sessions (0,0 when sessions are not counted)
     * @param weeks         usual min and max length of one trial in weeks
     * @param synonyms      other names from docs/clinical-rules.md §1 (brand names, abbreviations)
     */
    record SampleTreatment(String canonicalName, DrugClass drugClass, Dose minimumDose, DoseUnit unit,
                           double[] typicalDoses, double[] lowDoses, int[] sessions, int[] weeks,
                           List<String> synonyms) {

        boolean isAntidepressant() {
            return drugClass.isAntidepressant();
        }

        boolean countsSessions() {
            return sessions[1] > 0;
        }

        /** Procedures and psychotherapy are usually recorded by their abbreviation (ECT, CBT, TMS). */
        boolean abbreviationUsual() {
            return switch (drugClass) {
                case ECT, TMS, OTHER_NEUROSTIMULATION, PSYCHOTHERAPY -> true;
                default -> false;
            };
        }
    }

    private static final List<SampleTreatment> ALL = new ArrayList<>();
    private static final Map<String, SampleTreatment> BY_NAME = new TreeMap<>();

    private static final int[] NO_SESSIONS = {0, 0};
    private static final int[] DRUG_WEEKS = {6, 16};

    // Antidepressants: minimum dose (mg unless noted), typical doses, low doses, synonyms.
    static final SampleTreatment CITALOPRAM = ad("citalopram", SSRI, 20, d(20, 30, 40), d(10), "Celexa", "Cipramil");
    static final SampleTreatment ESCITALOPRAM = ad("escitalopram", SSRI, 10, d(10, 15, 20), d(5), "Lexapro", "Cipralex");
    static final SampleTreatment FLUOXETINE = ad("fluoxetine", SSRI, 20, d(20, 40, 60), d(10), "Prozac");
    static final SampleTreatment PAROXETINE = ad("paroxetine", SSRI, 20, d(20, 30, 40), d(10), "Paxil", "Seroxat");
    static final SampleTreatment SERTRALINE = ad("sertraline", SSRI, 50, d(50, 100, 150, 200), d(25), "Zoloft", "Lustral");
    static final SampleTreatment FLUVOXAMINE = ad("fluvoxamine", SSRI, 50, d(100, 150, 200), d(25), "Luvox");
    static final SampleTreatment VENLAFAXINE = ad("venlafaxine", SNRI, 150, d(150, 225, 300), d(37.5, 75), "Effexor", "Effexor XR");
    static final SampleTreatment DESVENLAFAXINE = ad("desvenlafaxine", SNRI, 50, d(50, 100), d(25), "Pristiq");
    static final SampleTreatment DULOXETINE = ad("duloxetine", SNRI, 60, d(60, 90, 120), d(30), "Cymbalta");
    static final SampleTreatment MILNACIPRAN = ad("milnacipran", SNRI, 100, d(100, 200), d(50), "Savella", "Ixel");
    static final SampleTreatment LEVOMILNACIPRAN = ad("levomilnacipran", SNRI, 40, d(40, 80, 120), d(20), "Fetzima");
    static final SampleTreatment NORTRIPTYLINE = ad("nortriptyline", TCA, 75, d(75, 100, 125, 150), d(25, 50), "Pamelor", "Aventyl");
    static final SampleTreatment AMITRIPTYLINE = ad("amitriptyline", TCA, 150, d(150, 200, 250), d(50, 75, 100), "Elavil");
    static final SampleTreatment CLOMIPRAMINE = ad("clomipramine", TCA, 150, d(150, 200), d(75), "Anafranil");
    static final SampleTreatment IMIPRAMINE = ad("imipramine", TCA, 150, d(150, 200, 250), d(75, 100), "Tofranil");
    static final SampleTreatment DESIPRAMINE = ad("desipramine", TCA, 150, d(150, 200), d(100), "Norpramin");
    static final SampleTreatment TRANYLCYPROMINE = ad("tranylcypromine", MAOI, 30, d(30, 40, 60), d(20), "Parnate");
    static final SampleTreatment PHENELZINE = ad("phenelzine", MAOI, 45, d(45, 60, 75, 90), d(30), "Nardil");
    static final SampleTreatment ISOCARBOXAZID = ad("isocarboxazid", MAOI, 30, d(30, 40), d(20), "Marplan");
    static final SampleTreatment MOCLOBEMIDE = ad("moclobemide", MAOI, 300, d(300, 450, 600), d(150), "Manerix", "Aurorix");
    /** A patch: its dose is in mg/24h, which docs/clinical-rules.md §1 does not convert to oral mg. */
    static final SampleTreatment SELEGILINE_TRANSDERMAL = register(new SampleTreatment("selegiline transdermal", MAOI,
            new Dose(6, DoseUnit.MG_PER_24H), DoseUnit.MG_PER_24H, d(6, 9, 12), d(), NO_SESSIONS, DRUG_WEEKS, List.of("Emsam")));
    static final SampleTreatment BUPROPION = ad("bupropion", OTHER_AD, 300, d(300, 400, 450), d(150), "Wellbutrin", "Wellbutrin XL");
    static final SampleTreatment MIRTAZAPINE = ad("mirtazapine", OTHER_AD, 15, d(15, 30, 45), d(7.5), "Remeron");
    static final SampleTreatment VORTIOXETINE = ad("vortioxetine", OTHER_AD, 10, d(10, 15, 20), d(5), "Trintellix", "Brintellix");
    static final SampleTreatment VILAZODONE = ad("vilazodone", OTHER_AD, 40, d(40), d(20), "Viibryd");
    static final SampleTreatment TRAZODONE = ad("trazodone", OTHER_AD, 300, d(300, 400), d(50, 100, 150), "Desyrel");
    static final SampleTreatment AGOMELATINE = ad("agomelatine", OTHER_AD, 25, d(25, 50), d(), "Valdoxan");

    // Augmentation agents.
    static final SampleTreatment LITHIUM_CARBONATE = drug("lithium", LITHIUM, DoseUnit.MG, d(600, 750, 900, 1200), "lithium carbonate", "Lithobid", "Priadel", "Camcolit");
    static final SampleTreatment LIOTHYRONINE = drug("liothyronine", THYROID, DoseUnit.MCG, d(25, 37.5, 50), "T3", "Cytomel");
    static final SampleTreatment LEVOTHYROXINE = drug("levothyroxine", THYROID, DoseUnit.MCG, d(50, 100), "T4", "Synthroid");
    static final SampleTreatment ARIPIPRAZOLE = drug("aripiprazole", ANTIPSYCHOTIC, DoseUnit.MG, d(2, 5, 10, 15), "Abilify");
    static final SampleTreatment QUETIAPINE = drug("quetiapine", ANTIPSYCHOTIC, DoseUnit.MG, d(150, 200, 300), "Seroquel");
    static final SampleTreatment BREXPIPRAZOLE = drug("brexpiprazole", ANTIPSYCHOTIC, DoseUnit.MG, d(1, 2, 3), "Rexulti");
    static final SampleTreatment CARIPRAZINE = drug("cariprazine", ANTIPSYCHOTIC, DoseUnit.MG, d(1.5, 3, 4.5), "Vraylar");
    static final SampleTreatment OLANZAPINE = drug("olanzapine", ANTIPSYCHOTIC, DoseUnit.MG, d(5, 10, 15), "Zyprexa");
    static final SampleTreatment OLANZAPINE_FLUOXETINE = drug("olanzapine-fluoxetine", ANTIPSYCHOTIC, DoseUnit.MG, d(), "Symbyax");
    static final SampleTreatment RISPERIDONE = drug("risperidone", ANTIPSYCHOTIC, DoseUnit.MG, d(0.5, 1, 2), "Risperdal");
    static final SampleTreatment LURASIDONE = drug("lurasidone", ANTIPSYCHOTIC, DoseUnit.MG, d(20, 40, 60), "Latuda");
    static final SampleTreatment METHYLPHENIDATE = drug("methylphenidate", STIMULANT, DoseUnit.MG, d(10, 20, 30, 40), "Ritalin", "Concerta");
    static final SampleTreatment LISDEXAMFETAMINE = drug("lisdexamfetamine", STIMULANT, DoseUnit.MG, d(20, 30, 50), "Vyvanse", "Elvanse");
    static final SampleTreatment MODAFINIL = drug("modafinil", STIMULANT, DoseUnit.MG, d(100, 200), "Provigil");
    static final SampleTreatment ARMODAFINIL = drug("armodafinil", STIMULANT, DoseUnit.MG, d(150, 250), "Nuvigil");
    static final SampleTreatment BUSPIRONE = drug("buspirone", OTHER_AUGMENTATION, DoseUnit.MG, d(30, 45, 60), "Buspar");
    static final SampleTreatment LAMOTRIGINE = drug("lamotrigine", OTHER_AUGMENTATION, DoseUnit.MG, d(100, 150, 200), "Lamictal");
    static final SampleTreatment PRAMIPEXOLE = drug("pramipexole", OTHER_AUGMENTATION, DoseUnit.MG, d(0.5, 1, 1.5, 2), "Mirapex");

    // Novel and later-line treatments. Doses given per kg or in units are left blank, as registries do.
    static final SampleTreatment KETAMINE = procedure("ketamine", NMDA, 4, 8, 2, 4, "IV ketamine");
    static final SampleTreatment ESKETAMINE = register(new SampleTreatment("esketamine", NMDA, null, DoseUnit.MG,
            d(56, 84), d(), new int[] {8, 12}, new int[] {4, 8}, List.of("Spravato")));
    static final SampleTreatment BOTULINUM_TOXIN_A = procedure("botulinum toxin", BOTULINUM_TOXIN, 1, 1, 6, 12, "Botox", "onabotulinumtoxinA");
    static final SampleTreatment MINOCYCLINE = drug("minocycline", ANTI_INFLAMMATORY, DoseUnit.MG, d(200), "Minocin");
    static final SampleTreatment CELECOXIB = drug("celecoxib", ANTI_INFLAMMATORY, DoseUnit.MG, d(400), "Celebrex");
    static final SampleTreatment INFLIXIMAB = procedure("infliximab", ANTI_INFLAMMATORY, 3, 3, 10, 12, "Remicade");
    static final SampleTreatment SCOPOLAMINE = procedure("scopolamine", ANTICHOLINERGIC, 3, 3, 2, 3, "hyoscine");
    static final SampleTreatment BUPRENORPHINE = drug("buprenorphine", KAPPA_OPIOID, DoseUnit.MG, d(0.2, 0.4, 0.8), "Subutex", "Suboxone", "buprenorphine-naloxone");
    static final SampleTreatment L_METHYLFOLATE = drug("l-methylfolate", SUPPLEMENT, DoseUnit.MG, d(7.5, 15), "methylfolate", "Deplin");
    static final SampleTreatment OMEGA_3 = drug("omega-3 fatty acids", SUPPLEMENT, DoseUnit.MG, d(1000, 2000), "omega-3", "EPA", "fish oil");
    static final SampleTreatment SAME = drug("s-adenosyl methionine", SUPPLEMENT, DoseUnit.MG, d(800, 1600), "SAMe", "ademetionine");
    static final SampleTreatment NAC = drug("n-acetylcysteine", SUPPLEMENT, DoseUnit.MG, d(2000, 2400), "NAC", "acetylcysteine");
    static final SampleTreatment CREATINE = drug("creatine", SUPPLEMENT, DoseUnit.MG, d(5000));
    static final SampleTreatment ELECTROCONVULSIVE = procedure("electroconvulsive therapy", ECT, 4, 14, 3, 6, "ECT");
    static final SampleTreatment MAGNETIC_STIMULATION = procedure("transcranial magnetic stimulation", TMS, 20, 36, 4, 7, "TMS", "rTMS", "iTBS", "deep TMS");
    static final SampleTreatment DBS = procedure("deep brain stimulation", OTHER_NEUROSTIMULATION, 0, 0, 26, 52, "DBS");
    static final SampleTreatment VNS = procedure("vagus nerve stimulation", OTHER_NEUROSTIMULATION, 0, 0, 26, 52, "VNS");
    static final SampleTreatment TDCS = procedure("transcranial direct current stimulation", OTHER_NEUROSTIMULATION, 10, 20, 2, 6, "tDCS");
    static final SampleTreatment CBT = procedure("cognitive behavioural therapy", PSYCHOTHERAPY, 8, 20, 10, 20, "CBT", "cognitive behavioral therapy");
    static final SampleTreatment IPT = procedure("interpersonal therapy", PSYCHOTHERAPY, 12, 16, 12, 16, "IPT");
    static final SampleTreatment BA = procedure("behavioural activation", PSYCHOTHERAPY, 8, 16, 8, 16, "BA", "behavioral activation");
    static final SampleTreatment MBCT = procedure("mindfulness-based cognitive therapy", PSYCHOTHERAPY, 8, 8, 8, 10, "MBCT");
    static final SampleTreatment STPP = procedure("psychodynamic therapy", PSYCHOTHERAPY, 16, 24, 16, 26, "STPP");

    private SampleTreatments() {
    }

    /** Every treatment the generator may write, in declaration order. */
    static List<SampleTreatment> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** The treatment a written name (canonical or synonym) stands for, case-insensitive, blanks trimmed. */
    static Optional<SampleTreatment> byWrittenName(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(key(name)));
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    private static double[] d(double... doses) {
        return doses;
    }

    private static SampleTreatment ad(String name, DrugClass drugClass, double minimumMg, double[] typical, double[] low,
                                      String... synonyms) {
        return register(new SampleTreatment(name, drugClass, new Dose(minimumMg, DoseUnit.MG), DoseUnit.MG, typical, low,
                NO_SESSIONS, DRUG_WEEKS, List.of(synonyms)));
    }

    private static SampleTreatment drug(String name, DrugClass drugClass, DoseUnit unit, double[] typical, String... synonyms) {
        return register(new SampleTreatment(name, drugClass, null, unit, typical, d(), NO_SESSIONS, new int[] {6, 12},
                List.of(synonyms)));
    }

    private static SampleTreatment procedure(String name, DrugClass drugClass, int minSessions, int maxSessions,
                                             int minWeeks, int maxWeeks, String... synonyms) {
        return register(new SampleTreatment(name, drugClass, null, DoseUnit.MG, d(), d(),
                new int[] {minSessions, maxSessions}, new int[] {minWeeks, maxWeeks}, List.of(synonyms)));
    }

    private static SampleTreatment register(SampleTreatment treatment) {
        ALL.add(treatment);
        BY_NAME.put(key(treatment.canonicalName()), treatment);
        for (String synonym : treatment.synonyms()) {
            BY_NAME.put(key(synonym), treatment);
        }
        return treatment;
    }
}
