"""The answers the intake offers and the kinds the directory and finder know.

The values are the facts the rules language talks about (see rules.py); the labels are
what a person reads, in B1 language.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Goal(models.TextChoices):
    KEEP_GROW = "keep_grow", _("Keep my job and grow in it")
    SWITCH = "switch", _("Switch to other work")
    FIND_WORK = "find_work", _("Get (back) to work")
    SELF_EMPLOYED = "self_employed", _("Start or grow as self-employed")
    BASIC_SKILLS = "basic_skills", _("Get better at Dutch, arithmetic or computers")


class WorkSituation(models.TextChoices):
    EMPLOYEE = "employee", _("I work for an employer with a permanent contract")
    FLEX = "flex", _("I work with a temporary contract, through an agency or on call")
    SELF_EMPLOYED = "self_employed", _("I work for myself (self-employed, zzp)")
    UNEMPLOYED_WW = "unemployed_ww", _("I am looking for work and get unemployment benefit (WW)")
    SOCIAL_ASSISTANCE = (
        "social_assistance",
        _("I am looking for work and get social assistance (bijstand) from the municipality"),
    )
    NOT_WORKING = "not_working", _("I do not work and get no benefit")
    STUDENT = "student", _("I go to school or study")


class Education(models.TextChoices):
    PRIMARY = "primary", _("Primary school or no diploma")
    VMBO_MBO1 = "vmbo_mbo1", _("Vmbo, mbo level 1 or practical education")
    MBO2_3 = "mbo2_3", _("Mbo level 2 or 3")
    MBO4 = "mbo4", _("Mbo level 4")
    HAVO_VWO = "havo_vwo", _("Havo or vwo")
    HBO_WO = "hbo_wo", _("Hbo or university")


class AgeGroup(models.TextChoices):
    UNDER_27 = "under_27", _("Younger than 27")
    FROM_27 = "27_44", _("27 to 44")
    FROM_45 = "45_54", _("45 to 54")
    FROM_55 = "55_pension", _("55 up to state pension age")
    PENSION = "pension_age", _("State pension age (AOW) or older")


class Sector(models.TextChoices):
    METAL = "metal", _("Metal and electrical engineering")
    INSTALLATION = "installation", _("Installation and energy")
    CONSTRUCTION = "construction", _("Construction")
    CARE = "care", _("Care and welfare")
    EDUCATION = "education", _("Education")
    ICT = "ict", _("ICT")
    LOGISTICS = "logistics", _("Transport and logistics")
    RETAIL = "retail", _("Shops (retail)")
    HOSPITALITY = "hospitality", _("Hotels, restaurants and cafés")
    AGRICULTURE = "agriculture", _("Farming, gardens and food")
    GOVERNMENT = "government", _("Government")
    OFFICE = "office", _("Office and business services")
    CLEANING = "cleaning", _("Cleaning")
    OTHER = "other", _("Another sector")


class EmployerSize(models.TextChoices):
    SMALL = "small", _("Fewer than 50 people")
    MEDIUM = "medium", _("50 to 249 people")
    LARGE = "large", _("250 people or more")


class Barrier(models.TextChoices):
    TIME = "time", _("I have little time (work, family, care)")
    MONEY = "money", _("Learning costs too much money")
    CONFIDENCE = "confidence", _("I am not sure I can do it, or school went badly for me")
    EMPLOYER = "employer", _("My employer does not help")
    WHERE_TO_START = "where_to_start", _("I do not know where to start")
    PERSONAL = "personal", _("Other worries come first (health, debts, home)")


class Audience(models.TextChoices):
    WORKING = "working", _("Working people")
    JOB_SEEKERS = "job_seekers", _("Job seekers")
    EMPLOYERS = "employers", _("Employers")
    SELF_EMPLOYED = "self_employed", _("Self-employed")


class Topic(models.TextChoices):
    CAREER_ADVICE = "career_advice", _("Career advice")
    TRAINING_FUNDING = "training_funding", _("Training and paying for it")
    JOB_SEARCH = "job_search", _("Finding work")
    BASIC_SKILLS = "basic_skills", _("Language, arithmetic and computer skills")
    DIGITAL_GOVERNMENT = "digital_government", _("Help with government websites")
    SELF_EMPLOYMENT = "self_employment", _("Working for yourself")
    SKILLS_RECOGNITION = "skills_recognition", _("Getting your skills recognised (EVC)")


# The questions a service point must answer to help with a goal, best match first.
GOAL_TOPICS: dict[str, list[str]] = {
    Goal.KEEP_GROW: [Topic.TRAINING_FUNDING, Topic.CAREER_ADVICE],
    Goal.SWITCH: [Topic.CAREER_ADVICE, Topic.SKILLS_RECOGNITION, Topic.TRAINING_FUNDING],
    Goal.FIND_WORK: [Topic.JOB_SEARCH, Topic.CAREER_ADVICE],
    Goal.SELF_EMPLOYED: [Topic.SELF_EMPLOYMENT, Topic.CAREER_ADVICE],
    Goal.BASIC_SKILLS: [Topic.BASIC_SKILLS, Topic.DIGITAL_GOVERNMENT],
}


class PointKind(models.TextChoices):
    LEERWERKLOKET = "leerwerkloket", _("Leerwerkloket (learning and work desk)")
    UWV = "uwv", _("UWV")
    MUNICIPAL = "municipal", _("Work desk of the municipality")
    UNION = "union", _("Trade union service point or learning ambassador")
    OO_FUND = "oo_fund", _("Training fund of a sector (O&O fund)")
    LIBRARY = "library", _("Library: Digital Government Information Point or Taalhuis")
    CAREER_ADVISER = "career_adviser", _("Career adviser with a quality mark")
    OTHER = "other", _("Other organisation")


class Access(models.TextChoices):
    WALK_IN = "walk_in", _("Walk in")
    APPOINTMENT = "appointment", _("By appointment")
    BOTH = "both", _("Walk in or by appointment")
    ONLINE = "online", _("Online or by phone")


class Cost(models.TextChoices):
    FREE = "free", _("Free")
    PAID = "paid", _("You pay")
    DEPENDS = "depends", _("Free for some people")


class SchemeLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    SECTOR = "sector", _("Sector")
    REGIONAL = "regional", _("Regional")
    MUNICIPAL = "municipal", _("Municipality")


class Recipient(models.TextChoices):
    PERSON = "person", _("You")
    EMPLOYER = "employer", _("Your employer")
    PROVIDER = "provider", _("The school or trainer")


class OfferingKind(models.TextChoices):
    COURSE = "course", _("A course or training")
    FORMAL = "formal", _("A programme with a diploma (mbo, hbo, university)")
    BASIC_SKILLS = "basic_skills", _("A course in language, arithmetic or computer skills")
    ADVICE = "advice", _("Career or development advice")


class ResourceTopic(models.TextChoices):
    DIGITAL = "digital", _("Computer and internet")
    DUTCH = "dutch", _("Dutch language")
    ARITHMETIC = "arithmetic", _("Arithmetic")
    READING_WRITING = "reading_writing", _("Reading and writing")
    ENGLISH = "english", _("English")
    WORK_SKILLS = "work_skills", _("Skills for work")
