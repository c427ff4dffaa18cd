"""The credit world: a mill with two regions and PG Semboro's KUR for its current season; the
north farmer Buriyanto (with a login) has a signed TRK contract on 2 ha of ratoon and 1 ha of
plant cane; a south farmer, a farmer of another mill; a sinder of the north region, the credit
officer and the manager of the mill, and a manager and farmer of the other mill."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from partners.models import ContractStatus, CropClass, RegistrationStatus
from tebu_site.models import Role
from tests.credit.factories import CreditProductFactory, semboro_kur_tranches
from tests.factories import (
    FarmerFactory,
    PlotFactory,
    RegionFactory,
    SeasonContractFactory,
    SeasonFactory,
    UserFactory,
    farmer_user,
)

D = Decimal


@dataclass
class CreditWorld:
    mill: object
    other_mill: object
    north: object
    south: object
    season: object
    other_season: object
    kur: object
    farmer: object
    farmer_login: object
    ratoon_plot: object
    plant_plot: object
    contract: object
    south_farmer: object
    south_login: object
    other_farmer: object
    other_login: object
    sinder: object
    south_sinder: object
    credit: object
    manager: object
    other_manager: object


def contracted_farmer(region, season, plots, partner_type="trk", **farmer_kwargs):
    farmer = FarmerFactory(region=region, **farmer_kwargs)
    made = [
        PlotFactory(
            farmer=farmer,
            area_ha=area,
            own_area_ha=area,
            crop_class=crop_class,
            registration_status=RegistrationStatus.CONTRACTED,
        )
        for crop_class, area in plots
    ]
    contract = SeasonContractFactory(
        farmer=farmer,
        season=season,
        partner_type=partner_type,
        plots=made,
        status=ContractStatus.SIGNED,
        signed_on=datetime.date(2018, 5, 1),
    )
    return farmer, made, contract


@pytest.fixture
def cw(db) -> CreditWorld:
    north = RegionFactory(name="Wilayah Utara", code="utara")
    mill = north.mill
    south = RegionFactory(mill=mill, name="Wilayah Selatan", code="selatan")
    other_region = RegionFactory(name="Wilayah Timur", code="timur")
    season = SeasonFactory(mill=mill, name="2018/2019", is_current=True)
    other_season = SeasonFactory(mill=other_region.mill, name="2018/2019", is_current=True)
    kur = CreditProductFactory(season=season, name="KUR 2018/2019")
    semboro_kur_tranches(kur)
    farmer, (ratoon, plant), contract = contracted_farmer(
        north,
        season,
        [(CropClass.RATOON, D("2")), (CropClass.PLANT_CANE, D("1"))],
        name="Buriyanto",
        phone="081234567890",
    )
    south_farmer, _, _ = contracted_farmer(south, season, [(CropClass.RATOON, D("1"))])
    other_farmer, _, _ = contracted_farmer(other_region, other_season, [(CropClass.RATOON, D("1"))])
    return CreditWorld(
        mill=mill,
        other_mill=other_region.mill,
        north=north,
        south=south,
        season=season,
        other_season=other_season,
        kur=kur,
        farmer=farmer,
        farmer_login=farmer_user(farmer),
        ratoon_plot=ratoon,
        plant_plot=plant,
        contract=contract,
        south_farmer=south_farmer,
        south_login=farmer_user(south_farmer),
        other_farmer=other_farmer,
        other_login=farmer_user(other_farmer),
        sinder=UserFactory(role=Role.FIELD_STAFF, mills=[mill], regions=[north]),
        south_sinder=UserFactory(role=Role.FIELD_STAFF, mills=[mill], regions=[south]),
        credit=UserFactory(role=Role.CREDIT_OFFICER, mills=[mill]),
        manager=UserFactory(role=Role.MANAGER, mills=[mill]),
        other_manager=UserFactory(role=Role.MANAGER, mills=[other_region.mill]),
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
