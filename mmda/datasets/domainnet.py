# Copyright (c) mmda contributors. All rights reserved.
from typing import List, Optional

from mmda.registry import DATASETS
from .base_domain_dataset import DomainDataset

# The order of the official split files' labels: sorted by name, case and
# punctuation ignored ("cello" < "cell_phone", "t-shirt" after "truck").
DOMAINNET_CLASSES = tuple('''
aircraft_carrier airplane alarm_clock ambulance angel animal_migration ant
anvil apple arm asparagus axe backpack banana bandage barn baseball
baseball_bat basket basketball bat bathtub beach bear beard bed bee belt
bench bicycle binoculars bird birthday_cake blackberry blueberry book
boomerang bottlecap bowtie bracelet brain bread bridge broccoli broom bucket
bulldozer bus bush butterfly cactus cake calculator calendar camel camera
camouflage campfire candle cannon canoe car carrot castle cat ceiling_fan
cello cell_phone chair chandelier church circle clarinet clock cloud
coffee_cup compass computer cookie cooler couch cow crab crayon crocodile
crown cruise_ship cup diamond dishwasher diving_board dog dolphin donut door
dragon dresser drill drums duck dumbbell ear elbow elephant envelope eraser
eye eyeglasses face fan feather fence finger fire_hydrant fireplace
firetruck fish flamingo flashlight flip_flops floor_lamp flower
flying_saucer foot fork frog frying_pan garden garden_hose giraffe goatee
golf_club grapes grass guitar hamburger hammer hand harp hat headphones
hedgehog helicopter helmet hexagon hockey_puck hockey_stick horse hospital
hot_air_balloon hot_dog hot_tub hourglass house house_plant hurricane
ice_cream jacket jail kangaroo key keyboard knee knife ladder lantern laptop
leaf leg light_bulb lighter lighthouse lightning line lion lipstick lobster
lollipop mailbox map marker matches megaphone mermaid microphone microwave
monkey moon mosquito motorbike mountain mouse moustache mouth mug mushroom
nail necklace nose ocean octagon octopus onion oven owl paintbrush paint_can
palm_tree panda pants paper_clip parachute parrot passport peanut pear peas
pencil penguin piano pickup_truck picture_frame pig pillow pineapple pizza
pliers police_car pond pool popsicle postcard potato power_outlet purse
rabbit raccoon radio rain rainbow rake remote_control rhinoceros rifle river
roller_coaster rollerskates sailboat sandwich saw saxophone school_bus
scissors scorpion screwdriver sea_turtle see_saw shark sheep shoe shorts
shovel sink skateboard skull skyscraper sleeping_bag smiley_face snail snake
snorkel snowflake snowman soccer_ball sock speedboat spider spoon
spreadsheet square squiggle squirrel stairs star steak stereo stethoscope
stitches stop_sign stove strawberry streetlight string_bean submarine
suitcase sun swan sweater swing_set sword syringe table teapot teddy-bear
telephone television tennis_racquet tent The_Eiffel_Tower
The_Great_Wall_of_China The_Mona_Lisa tiger toaster toe toilet tooth
toothbrush toothpaste tornado tractor traffic_light train tree triangle
trombone truck trumpet t-shirt umbrella underwear van vase violin
washing_machine watermelon waterslide whale wheel windmill wine_bottle
wine_glass wristwatch yoga zebra zigzag
'''.split())


@DATASETS.register_module()
class DomainNet(DomainDataset):
    """DomainNet (Peng et al., ICCV 2019): 345 classes, 6 domains.

    Domains: ``clipart``, ``infograph``, ``painting``, ``quickdraw``,
    ``real``, ``sketch`` (also their initials). Splits ``'train'`` and
    ``'test'`` read the official split files ``<domain>_{train,test}.txt``
    (at ``data_root``, or in ``image_list/`` or ``splits/``), whose lines
    are ``clipart/aircraft_carrier/clipart_001_000018.jpg 0``;
    ``split=None`` reads the whole ``<domain>/<class>/`` folder.
    """

    METAINFO = {'classes': DOMAINNET_CLASSES}
    DOMAINS = ('clipart', 'infograph', 'painting', 'quickdraw', 'real',
               'sketch')
    DOMAIN_ALIASES = {d[0]: d for d in DOMAINS}
    SPLITS = (None, 'train', 'test')
    LAYOUT_HINT = ('clipart/, infograph/, painting/, quickdraw/, real/ and '
                   'sketch/ with one folder per class, and the split files '
                   '<domain>_train.txt and <domain>_test.txt')

    def list_candidates(self, domain: str, split: Optional[str]) -> List[str]:
        if split is None:
            return []
        return [
            f'{domain}_{split}.txt', f'image_list/{domain}_{split}.txt',
            f'splits/{domain}_{split}.txt'
        ]
