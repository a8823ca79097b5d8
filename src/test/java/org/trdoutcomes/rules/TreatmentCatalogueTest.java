package org.trdoutcomes.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TreatmentCatalogueTest {

    private final TreatmentCatalogue catalogue = TreatmentCatalogue.defaults();

    /** Every name of docs/clinical-rules.md §1, copied from the spec table: name → canonical name. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = ';', textBlock = """
            citalopram;citalopram
            Celexa;citalopram
            Cipramil;citalopram
            escitalopram;escitalopram
            Lexapro;escitalopram
            Cipralex;escitalopram
            fluoxetine;fluoxetine
            Prozac;fluoxetine
            paroxetine;paroxetine
            Paxil;paroxetine
            Seroxat;paroxetine
            sertraline;sertraline
            Zoloft;sertraline
            Lustral;sertraline
            fluvoxamine;fluvoxamine
            Luvox;fluvoxamine
            venlafaxine;venlafaxine
            Effexor;venlafaxine
            Effexor XR;venlafaxine
            desvenlafaxine;desvenlafaxine
            Pristiq;desvenlafaxine
            duloxetine;duloxetine
            Cymbalta;duloxetine
            milnacipran;milnacipran
            Savella;milnacipran
            Ixel;milnacipran
            levomilnacipran;levomilnacipran
            Fetzima;levomilnacipran
            amitriptyline;amitriptyline
            Elavil;amitriptyline
            clomipramine;clomipramine
            Anafranil;clomipramine
            desipramine;desipramine
            Norpramin;desipramine
            doxepin;doxepin
            Sinequan;doxepin
            imipramine;imipramine
            Tofranil;imipramine
            trimipramine;trimipramine
            Surmontil;trimipramine
            nortriptyline;nortriptyline
            Pamelor;nortriptyline
            Aventyl;nortriptyline
            protriptyline;protriptyline
            Vivactil;protriptyline
            amoxapine;amoxapine
            maprotiline;maprotiline
            Ludiomil;maprotiline
            phenelzine;phenelzine
            Nardil;phenelzine
            tranylcypromine;tranylcypromine
            Parnate;tranylcypromine
            isocarboxazid;isocarboxazid
            Marplan;isocarboxazid
            selegiline transdermal;selegiline transdermal
            Emsam;selegiline transdermal
            moclobemide;moclobemide
            Manerix;moclobemide
            Aurorix;moclobemide
            bupropion;bupropion
            Wellbutrin;bupropion
            Wellbutrin XL;bupropion
            mirtazapine;mirtazapine
            Remeron;mirtazapine
            vortioxetine;vortioxetine
            Trintellix;vortioxetine
            Brintellix;vortioxetine
            vilazodone;vilazodone
            Viibryd;vilazodone
            trazodone;trazodone
            Desyrel;trazodone
            trazadone;trazodone
            nefazodone;nefazodone
            Serzone;nefazodone
            agomelatine;agomelatine
            Valdoxan;agomelatine
            mianserin;mianserin
            reboxetine;reboxetine
            Edronax;reboxetine
            tianeptine;tianeptine
            Stablon;tianeptine
            lithium;lithium
            lithium carbonate;lithium
            Lithobid;lithium
            Priadel;lithium
            Camcolit;lithium
            liothyronine;liothyronine
            T3;liothyronine
            Cytomel;liothyronine
            levothyroxine;levothyroxine
            T4;levothyroxine
            Synthroid;levothyroxine
            aripiprazole;aripiprazole
            Abilify;aripiprazole
            brexpiprazole;brexpiprazole
            Rexulti;brexpiprazole
            cariprazine;cariprazine
            Vraylar;cariprazine
            quetiapine;quetiapine
            Seroquel;quetiapine
            olanzapine;olanzapine
            Zyprexa;olanzapine
            olanzapine-fluoxetine;olanzapine-fluoxetine
            Symbyax;olanzapine-fluoxetine
            risperidone;risperidone
            Risperdal;risperidone
            lurasidone;lurasidone
            Latuda;lurasidone
            methylphenidate;methylphenidate
            Ritalin;methylphenidate
            Concerta;methylphenidate
            lisdexamfetamine;lisdexamfetamine
            Vyvanse;lisdexamfetamine
            Elvanse;lisdexamfetamine
            dextroamphetamine;dextroamphetamine
            Dexedrine;dextroamphetamine
            mixed amphetamine salts;mixed amphetamine salts
            Adderall;mixed amphetamine salts
            modafinil;modafinil
            Provigil;modafinil
            armodafinil;armodafinil
            Nuvigil;armodafinil
            buspirone;buspirone
            Buspar;buspirone
            pramipexole;pramipexole
            Mirapex;pramipexole
            lamotrigine;lamotrigine
            Lamictal;lamotrigine
            ketamine;ketamine
            IV ketamine;ketamine
            esketamine;esketamine
            Spravato;esketamine
            dextromethorphan-bupropion;dextromethorphan-bupropion
            Auvelity;dextromethorphan-bupropion
            d-cycloserine;d-cycloserine
            cycloserine;d-cycloserine
            botulinum toxin;botulinum toxin
            Botox;botulinum toxin
            onabotulinumtoxinA;botulinum toxin
            minocycline;minocycline
            Minocin;minocycline
            infliximab;infliximab
            Remicade;infliximab
            celecoxib;celecoxib
            Celebrex;celecoxib
            scopolamine;scopolamine
            hyoscine;scopolamine
            buprenorphine;buprenorphine
            Subutex;buprenorphine
            Suboxone;buprenorphine
            buprenorphine-naloxone;buprenorphine
            l-methylfolate;l-methylfolate
            methylfolate;l-methylfolate
            Deplin;l-methylfolate
            s-adenosyl methionine;s-adenosyl methionine
            SAMe;s-adenosyl methionine
            ademetionine;s-adenosyl methionine
            omega-3 fatty acids;omega-3 fatty acids
            omega-3;omega-3 fatty acids
            EPA;omega-3 fatty acids
            fish oil;omega-3 fatty acids
            creatine;creatine
            n-acetylcysteine;n-acetylcysteine
            NAC;n-acetylcysteine
            acetylcysteine;n-acetylcysteine
            vitamin b12;vitamin b12
            B12;vitamin b12
            cyanocobalamin;vitamin b12
            methylcobalamin;vitamin b12
            vitamin d;vitamin d
            electroconvulsive therapy;electroconvulsive therapy
            ECT;electroconvulsive therapy
            transcranial magnetic stimulation;transcranial magnetic stimulation
            TMS;transcranial magnetic stimulation
            rTMS;transcranial magnetic stimulation
            iTBS;transcranial magnetic stimulation
            deep TMS;transcranial magnetic stimulation
            deep brain stimulation;deep brain stimulation
            DBS;deep brain stimulation
            vagus nerve stimulation;vagus nerve stimulation
            VNS;vagus nerve stimulation
            transcranial direct current stimulation;transcranial direct current stimulation
            tDCS;transcranial direct current stimulation
            cognitive behavioural therapy;cognitive behavioural therapy
            CBT;cognitive behavioural therapy
            cognitive behavioral therapy;cognitive behavioural therapy
            interpersonal therapy;interpersonal therapy
            IPT;interpersonal therapy
            behavioural activation;behavioural activation
            BA;behavioural activation
            behavioral activation;behavioural activation
            psychodynamic therapy;psychodynamic therapy
            STPP;psychodynamic therapy
            mindfulness-based cognitive therapy;mindfulness-based cognitive therapy
            MBCT;mindfulness-based cognitive therapy
            CBASP;CBASP
            problem-solving therapy;problem-solving therapy
            PST;problem-solving therapy
            psychotherapy;psychotherapy
            """)
    void everyNameOfTheSpecResolves(String name, String canonical) {
        assertThat(catalogue.find(name)).map(Treatment::canonicalName).contains(canonical);
    }

    @Test
    void holdsEveryTreatmentOfTheSpecOnce() {
        assertThat(catalogue.treatments()).hasSize(86);
        Map<DrugClass, Long> perClass = catalogue.treatments().stream()
                .collect(Collectors.groupingBy(Treatment::drugClass, Collectors.counting()));
        assertThat(perClass).containsEntry(DrugClass.SSRI, 6L).containsEntry(DrugClass.SNRI, 5L)
                .containsEntry(DrugClass.TCA, 10L).containsEntry(DrugClass.MAOI, 5L)
                .containsEntry(DrugClass.OTHER_AD, 10L).containsEntry(DrugClass.ANTIPSYCHOTIC, 8L)
                .containsEntry(DrugClass.SUPPLEMENT, 7L).containsEntry(DrugClass.PSYCHOTHERAPY, 8L);
        assertThat(catalogue.treatments().get(0).canonicalName()).isEqualTo("citalopram");
    }

    /** The MGH-ATRQ minimum doses of docs/clinical-rules.md §1. */
    @ParameterizedTest(name = "{0}: {1} {2}")
    @CsvSource({
            "citalopram,20,MG", "escitalopram,10,MG", "fluoxetine,20,MG", "paroxetine,20,MG", "sertraline,50,MG",
            "fluvoxamine,50,MG", "venlafaxine,150,MG", "desvenlafaxine,50,MG", "duloxetine,60,MG",
            "milnacipran,100,MG", "levomilnacipran,40,MG", "amitriptyline,150,MG", "clomipramine,150,MG",
            "desipramine,150,MG", "doxepin,150,MG", "imipramine,150,MG", "trimipramine,150,MG",
            "nortriptyline,75,MG", "protriptyline,30,MG", "amoxapine,150,MG", "maprotiline,150,MG",
            "phenelzine,45,MG", "tranylcypromine,30,MG", "isocarboxazid,30,MG",
            "selegiline transdermal,6,MG_PER_24H", "moclobemide,300,MG", "bupropion,300,MG", "mirtazapine,15,MG",
            "vortioxetine,10,MG", "vilazodone,40,MG", "trazodone,300,MG", "nefazodone,300,MG",
            "agomelatine,25,MG", "mianserin,30,MG", "reboxetine,4,MG", "tianeptine,37.5,MG"})
    void antidepressantsHaveTheirMinimumDose(String name, double amount, DoseUnit unit) {
        Treatment t = catalogue.find(name).orElseThrow();
        assertThat(t.isAntidepressant()).isTrue();
        assertThat(t.minimumDose()).isEqualTo(new Dose(amount, unit));
    }

    @Test
    void onlyAntidepressantsHaveAMinimumDose() {
        assertThat(catalogue.treatments()).allSatisfy(t ->
                assertThat(t.minimumDose() != null).isEqualTo(t.isAntidepressant()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"  zoloft ", "ZOLOFT", "\tSertraline\t", "effexor xr"})
    void lookupIgnoresCaseAndSurroundingBlanks(String name) {
        assertThat(catalogue.find(name)).isPresent();
    }

    @Test
    void wholeNamesOnlySoOverlappingNamesStayApart() {
        assertThat(catalogue.find("lithium").orElseThrow().canonicalName()).isEqualTo("lithium");
        assertThat(catalogue.find("bupropion").orElseThrow().drugClass()).isEqualTo(DrugClass.OTHER_AD);
        assertThat(catalogue.find("dextromethorphan-bupropion").orElseThrow().drugClass()).isEqualTo(DrugClass.NMDA);
        assertThat(catalogue.find("bupro")).isEmpty();
        assertThat(catalogue.find("Effexor X")).isEmpty();
        assertThat(catalogue.find("sertraline hydrochloride")).isEmpty();
    }

    @Test
    void unknownNamesAreEmpty() {
        assertThat(catalogue.find("aspirin")).isEmpty();
        assertThat(catalogue.find("")).isEmpty();
        assertThat(catalogue.find(null)).isEmpty();
    }

    @Test
    void extensionAddsATreatmentAndOverridesOne() {
        String clinicFile = """
                # our additions
                canonical_name,class,minimum_dose,dose_unit,synonyms
                zuranolone,OTHER_AD,50,mg,Zurzuvae
                sertraline,SSRI,100,mg,Zoloft
                """;
        TreatmentCatalogue extended = catalogue.extendedWith(new StringReader(clinicFile), "clinic.csv");

        assertThat(extended.find("Zurzuvae").orElseThrow().minimumDose()).isEqualTo(new Dose(50, DoseUnit.MG));
        assertThat(extended.find("zoloft").orElseThrow().minimumDose()).isEqualTo(new Dose(100, DoseUnit.MG));
        assertThat(extended.find("Lustral")).as("the user entry replaces the whole default entry").isEmpty();
        assertThat(extended.treatments()).hasSize(87);
        assertThat(extended.treatments().get(4).canonicalName()).as("an override keeps its place").isEqualTo("sertraline");
        assertThat(extended.treatments().get(86).canonicalName()).isEqualTo("zuranolone");
        assertThat(catalogue.find("Zurzuvae")).as("the defaults are untouched").isEmpty();
    }

    @Test
    void aUserSynonymWinsOverADefaultName() {
        String clinicFile = """
                canonical_name,class,minimum_dose,dose_unit,synonyms
                lithium orotate,LITHIUM,,,Priadel
                """;
        TreatmentCatalogue extended = catalogue.extendedWith(new StringReader(clinicFile), "clinic.csv");

        assertThat(extended.find("Priadel").orElseThrow().canonicalName()).isEqualTo("lithium orotate");
        assertThat(extended.find("Camcolit").orElseThrow().canonicalName()).isEqualTo("lithium");
    }

    @Test
    void loadReadsAStandaloneCatalogue() {
        TreatmentCatalogue own = TreatmentCatalogue.load(new StringReader("""
                canonical_name,class,minimum_dose,dose_unit,synonyms
                "sertraline",SSRI,50000,mcg,"Zoloft|Lustral"
                """), "own.csv");

        assertThat(own.treatments()).hasSize(1);
        assertThat(own.find("lustral").orElseThrow().minimumDose()).isEqualTo(new Dose(50000, DoseUnit.MCG));
        assertThat(own.find("citalopram")).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = ';', quoteCharacter = '\'', value = {
            "zuranolone,OTHER_AD,50,mg;too few fields;expected 5 fields, found 4",
            "zuranolone,NEUROSTEROID,50,mg,;unknown class;unknown class 'NEUROSTEROID'",
            "zuranolone,OTHER_AD,fifty,mg,;bad dose;is not a number",
            "zuranolone,OTHER_AD,-5,mg,;negative dose;must be a number > 0",
            "zuranolone,OTHER_AD,,,;missing dose;minimum_dose is required",
            "zuranolone,OTHER_AD,50,grams,;unknown unit;unknown dose_unit 'grams'",
            "zuranolone,LITHIUM,50,mg,;dose on a non-antidepressant;apply to antidepressant classes only",
            ",OTHER_AD,50,mg,;empty name;canonical_name is empty",
            "zuranolone,OTHER_AD,50,mg,Zurzuvae||Zurzuvae2;empty synonym;empty synonym"})
    void badLinesNameTheSourceAndLine(String line, String why, String message) {
        String file = "# comment\ncanonical_name,class,minimum_dose,dose_unit,synonyms\nfluoxetine,SSRI,20,mg,Prozac\n"
                + line + "\n";
        assertThatThrownBy(() -> catalogue.extendedWith(new StringReader(file), "clinic.csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clinic.csv, line 4")
                .hasMessageContaining(message);
    }

    @Test
    void aNameTwiceInOneFileIsRefused() {
        String file = """
                canonical_name,class,minimum_dose,dose_unit,synonyms
                fluoxetine,SSRI,20,mg,Prozac
                paroxetine,SSRI,20,mg,PROZAC
                """;
        assertThatThrownBy(() -> TreatmentCatalogue.load(new StringReader(file), "clinic.csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clinic.csv, line 3")
                .hasMessageContaining("already used on line 2");
    }

    @Test
    void aWrongHeaderOrEmptyFileIsRefused() {
        assertThatThrownBy(() -> TreatmentCatalogue.load(new StringReader("name,class\nx,SSRI\n"), "a.csv"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a.csv, line 1");
        assertThatThrownBy(() -> TreatmentCatalogue.load(new StringReader("# only a comment\n"), "b.csv"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b.csv");
    }

    @Test
    void unbalancedQuotesAreRefused() {
        String file = "canonical_name,class,minimum_dose,dose_unit,synonyms\n\"fluoxetine,SSRI,20,mg,Prozac\n";
        assertThatThrownBy(() -> TreatmentCatalogue.load(new StringReader(file), "c.csv"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c.csv");
    }
}
