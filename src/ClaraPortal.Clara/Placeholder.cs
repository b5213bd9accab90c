namespace ClaraPortal.Clara;
